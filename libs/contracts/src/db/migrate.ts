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
 *
 * Work done side by side is given ranges of timestamps and lands in any order, so a database may
 * already have a later migration when an earlier one arrives: that one is applied then (unordered
 * migrations allowed), as each range touches tables of its own. A fresh database runs them in order.
 */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(migrations) },
    allowUnorderedMigrations: true,
  });
  const result: MigrationResultSet = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    const failed = result.results?.find((item) => item.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed`, { cause: result.error });
  }
  return (result.results ?? []).filter((item) => item.status === 'Success').map((item) => item.migrationName);
}
