import { Migrator, type MigrationResultSet } from 'kysely';
import type { Db } from './schema';
import { migrations } from './migrations';

export class MigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'MigrationError';
  }
}

/**
 * Brings the schema up to date. Kysely's Postgres adapter holds an advisory lock for the whole
 * run, so replicas starting together apply each migration once.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    const failed = result.results?.find((item) => item.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed`, { cause: result.error });
  }
  return (result.results ?? []).filter((item) => item.status === 'Success').map((item) => item.migrationName);
}
