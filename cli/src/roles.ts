import { startApi } from '@error-tracker/api';
import { type Config } from '@error-tracker/runtime/config/load-config';
import { createDb } from '@error-tracker/runtime/postgres';
import { ensureDatabase } from '@error-tracker/runtime/database-setup';
import { type Logger } from '@error-tracker/runtime/logger';
import { migrateSchema } from '@error-tracker/runtime/migrate-schema';
import { type Service } from '@error-tracker/runtime/shutdown';
import { ROLE_NAMES, type RoleName } from '@error-tracker/contracts/monitoring';
import { startIngestWorker } from '@error-tracker/ingest-worker';
import { startNotifier } from '@error-tracker/notifier';
import { runRetentionOnce, startRetention } from '@error-tracker/retention';

/** Creates the database if the server has none of that name (a first run), then migrates it. */
export async function runMigrations(config: Config, logger: Logger): Promise<void> {
  await ensureDatabase(config.databaseUrl, logger);
  const db = createDb(config.databaseUrl, { applicationName: 'error-tracker-migrate', maxConnections: 1 });
  try {
    const applied = await migrateSchema(db, logger);
    logger.info({ applied }, applied.length > 0 ? 'migrations applied' : 'schema up to date');
  } finally {
    await db.destroy();
  }
}

export interface Role {
  /** Roles that take client requests refuse to start without API_KEY. */
  readonly needsApiKey: boolean;
  /** Migrations run before the role starts (api and all; workers expect a migrated schema). */
  readonly migrates: boolean;
  /** Options the role accepts after its name (e.g. `retention --once`). */
  readonly options?: readonly string[];
  /** The roles its process runs, as its monitoring samples name them. */
  readonly runs: readonly RoleName[];
  /** Services in shutdown order: intake first. None: a one-shot run that has finished. */
  start(config: Config, logger: Logger, options: readonly string[]): Promise<Service[]>;
}

export const ROLES: Readonly<Record<string, Role>> = {
  api: {
    runs: ['api'],
    needsApiKey: true,
    migrates: true,
    start: async (config, logger) => [await startApi(config, logger)],
  },
  'ingest-worker': {
    runs: ['ingest-worker'],
    needsApiKey: false,
    migrates: false,
    start: async (config, logger) => [await startIngestWorker(config, logger)],
  },
  notifier: {
    runs: ['notifier'],
    needsApiKey: false,
    migrates: false,
    start: async (config, logger) => [await startNotifier(config, logger)],
  },
  retention: {
    runs: ['retention'],
    needsApiKey: false,
    migrates: false,
    options: ['--once'],
    start: async (config, logger, options) => {
      if (!options.includes('--once')) return [await startRetention(config, logger)];
      await runRetentionOnce(config, logger);
      return [];
    },
  },
  all: {
    runs: ROLE_NAMES,
    needsApiKey: true,
    migrates: true,
    start: async (config, logger) => {
      const api = await startApi(config, logger.child({ component: 'api' }));
      const worker = await startIngestWorker(config, logger.child({ component: 'ingest-worker' }));
      const notifier = await startNotifier(config, logger.child({ component: 'notifier' }));
      const retention = await startRetention(config, logger.child({ component: 'retention' }));
      return [api, worker, notifier, retention];
    },
  },
};
