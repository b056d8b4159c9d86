import { type Config } from '@error-tracker/runtime/config/load-config';
import { createDb } from '@error-tracker/runtime/postgres';
import { ensureDatabase } from '@error-tracker/runtime/database-setup';
import { type Logger } from '@error-tracker/runtime/logger';
import { migrateSchema } from '@error-tracker/runtime/migrate-schema';
import { type Service } from '@error-tracker/runtime/shutdown';
import { ROLE_NAMES, type RoleName } from '@error-tracker/contracts/monitoring';

// Each role loads only its own service's modules: a worker does not load Express, the OpenAPI
// document or the mail and channel libraries, so it starts sooner and holds less memory.
const api = () => import('@error-tracker/api');
const ingestWorker = () => import('@error-tracker/ingest-worker');
const notifier = () => import('@error-tracker/notifier');
const retention = () => import('@error-tracker/retention');

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
    start: async (config, logger) => [await (await api()).startApi(config, logger)],
  },
  'ingest-worker': {
    runs: ['ingest-worker'],
    needsApiKey: false,
    migrates: false,
    start: async (config, logger) => [await (await ingestWorker()).startIngestWorker(config, logger)],
  },
  notifier: {
    runs: ['notifier'],
    needsApiKey: false,
    migrates: false,
    start: async (config, logger) => [await (await notifier()).startNotifier(config, logger)],
  },
  retention: {
    runs: ['retention'],
    needsApiKey: false,
    migrates: false,
    options: ['--once'],
    start: async (config, logger, options) => {
      const { runRetentionOnce, startRetention } = await retention();
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
      return [
        await (await api()).startApi(config, logger.child({ component: 'api' })),
        await (await ingestWorker()).startIngestWorker(config, logger.child({ component: 'ingest-worker' })),
        await (await notifier()).startNotifier(config, logger.child({ component: 'notifier' })),
        await (await retention()).startRetention(config, logger.child({ component: 'retention' })),
      ];
    },
  },
};
