import type { Kysely } from 'kysely';
import { PARTITIONED_TABLES } from '@error-tracker/contracts/db/partitioned-tables';
import type { Database } from '@error-tracker/contracts/db/schema';
import type { Logger } from '../logger';
import { convertLegacyTables } from './convert-legacy-tables';
import { createPartitionsAhead } from './create-partitions';
import { isLockTimeout } from './short-lock-transaction';

export interface PartitionsMade {
  /** Tables turned into partitioned ones by this run. */
  readonly converted: readonly string[];
  /** Partitions created, with the rows moved into each from its table's default partition. */
  readonly created: ReadonlyArray<{ readonly name: string; readonly moved: number }>;
}

/**
 * Finishes any table's conversion, then creates the partitions each table needs ahead. Idempotent;
 * a step that cannot get its lock (a long query holds the table) is left for the next run.
 */
export async function maintainPartitions(db: Kysely<Database>, logger: Logger, now = new Date()): Promise<PartitionsMade> {
  const converted = await convertLegacyTables(db, logger, now);
  const created: Array<{ name: string; moved: number }> = [];
  for (const spec of PARTITIONED_TABLES) {
    try {
      for (const partition of await createPartitionsAhead(db, spec, now))
        created.push({ name: partition.name, moved: partition.moved });
    } catch (error) {
      if (!isLockTimeout(error)) throw error;
      logger.warn({ table: spec.table }, 'partitions ahead not made: the table stayed locked; the next run tries again');
    }
  }
  if (created.length > 0) logger.info({ created }, 'partitions created ahead');
  return { converted, created };
}
