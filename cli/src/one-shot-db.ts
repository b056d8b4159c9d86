import type { Db } from '@error-tracker/contracts/db/schema';
import { type Config, loadConfig } from '@error-tracker/runtime/config/load-config';
import { ensureDatabase, withDatabaseRole } from '@error-tracker/runtime/database-setup';
import { createLogger } from '@error-tracker/runtime/logger';
import { migrateSchema } from '@error-tracker/runtime/migrate-schema';
import { createDb } from '@error-tracker/runtime/postgres';

/**
 * For commands that work on the database directly (the API need not run): the database is created
 * and migrated if needed, one connection is opened and closed around `work`. Quiet: stdout is the answer.
 */
export async function withMigratedDb<T>(command: string, work: (db: Db, config: Config) => Promise<T>): Promise<T> {
  const logger = createLogger('silent', command);
  const config = await withDatabaseRole(loadConfig(process.env), logger);
  await ensureDatabase(config.databaseUrl, logger);
  const db = createDb(config.databaseUrl, { applicationName: `error-tracker-${command}`, maxConnections: 1 });
  try {
    await migrateSchema(db, logger);
    return await work(db, config);
  } finally {
    await db.destroy();
  }
}
