import { bumpCacheGeneration } from '@error-tracker/contracts/redis-keys';
import { closeInOrder, type Service } from '@error-tracker/runtime/shutdown';
import { closeRedis, createRedis, waitForRedis } from '@error-tracker/runtime/redis';
import { type Config } from '@error-tracker/runtime/config/load-config';
import { createDb } from '@error-tracker/runtime/postgres';
import { type Logger } from '@error-tracker/runtime/logger';
import { retentionPasses } from './metrics';
import { type BatchOptions, PurgeAborted } from './purge/batched-delete';
import { DEFAULT_BATCH_SIZES, type PurgeDeps, type PurgeReport, type PurgeSettings, runPurgePass } from './purge/purge-pass';
import { RETENTION_EVERY_MS, type RetentionScheduler, startRetentionScheduler } from './retention-scheduler';

export interface RetentionOptions extends BatchOptions {
  readonly groupBatchSize?: number;
  readonly rowBatchSize?: number;
  /** Scheduler period; 24 h unless a test shortens it. */
  readonly everyMs?: number;
}

function settingsFrom(config: Config, options: RetentionOptions): PurgeSettings {
  return {
    retentionDays: config.retentionDays,
    redisPrefix: config.redisPrefix,
    groupBatchSize: options.groupBatchSize ?? DEFAULT_BATCH_SIZES.groupBatchSize,
    rowBatchSize: options.rowBatchSize ?? DEFAULT_BATCH_SIZES.rowBatchSize,
  };
}

async function countedPass(deps: PurgeDeps, options: BatchOptions): Promise<PurgeReport> {
  try {
    const report = await runPurgePass(deps, options);
    retentionPasses.inc({ result: report.ran ? 'done' : 'skipped' });
    // Deleted groups must leave cached lists and stats at once, as an API delete does.
    if (report.groups > 0) await bumpCacheGeneration(deps.redis, deps.settings.redisPrefix).catch(() => undefined);
    return report;
  } catch (error) {
    retentionPasses.inc({ result: error instanceof PurgeAborted ? 'stopped' : 'failed' });
    throw error;
  }
}

/** `retention --once`: one pass, then every connection closed. */
export async function runRetentionOnce(config: Config, logger: Logger, options: RetentionOptions = {}): Promise<PurgeReport> {
  const db = createDb(config.databaseUrl, { applicationName: 'error-tracker-retention', maxConnections: 2 });
  const redis = createRedis(config.redisUrl, 'producer', 'et-retention');
  try {
    await waitForRedis(redis);
    return await countedPass({ db, redis, settings: settingsFrom(config, options), logger }, options);
  } finally {
    await closeInOrder([() => closeRedis(redis), () => db.destroy()]);
  }
}

/** The `retention` role: a BullMQ job scheduler runs a pass every 24 h on one replica. */
export async function startRetention(config: Config, logger: Logger, options: RetentionOptions = {}): Promise<Service> {
  const db = createDb(config.databaseUrl, { applicationName: 'error-tracker-retention', maxConnections: 2 });
  const redis = createRedis(config.redisUrl, 'worker', 'et-retention');
  const abort = new AbortController();
  const deps: PurgeDeps = { db, redis, settings: settingsFrom(config, options), logger };
  const everyMs = options.everyMs ?? RETENTION_EVERY_MS;

  let scheduler: RetentionScheduler;
  try {
    scheduler = await startRetentionScheduler({
      connection: redis,
      prefix: config.redisPrefix,
      everyMs,
      logger,
      run: () => countedPass(deps, { ...options, signal: abort.signal }),
    });
  } catch (error) {
    await closeInOrder([() => closeRedis(redis), () => db.destroy()]).catch(() => undefined);
    throw error;
  }
  logger.info({ everyMs, retentionDays: config.retentionDays }, 'retention scheduler started');

  return {
    name: 'retention',
    stop: () =>
      closeInOrder([
        async () => {
          // A pass in progress stops between batches; its job is retried later by whichever replica is up.
          abort.abort();
          await scheduler.close();
        },
        () => closeRedis(redis),
        () => db.destroy(),
      ]),
  };
}
