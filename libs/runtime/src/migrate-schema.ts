import { migrateToLatest } from '@error-tracker/contracts/db/migrate';
import type { Db } from '@error-tracker/contracts/db/schema';
import type { Logger } from './logger';
import { maintainPartitions } from './partitions/maintain-partitions';

/**
 * Applies the migrations (one transaction), then the steps that must not run inside one: the online
 * conversion of the high-volume tables to partitioned ones, and their partitions ahead. Answers the
 * migrations applied.
 */
export async function migrateSchema(db: Db, logger: Logger): Promise<string[]> {
  const applied = await migrateToLatest(db);
  await maintainPartitions(db, logger);
  return applied;
}
