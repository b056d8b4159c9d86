import type { Kysely } from 'kysely';
import { PARTITIONED_TABLES } from '@error-tracker/contracts/db/partitioned-tables';
import type { Database } from '@error-tracker/contracts/db/schema';
import type { Logger } from '../logger';
import { convertLegacyTables } from './convert-legacy-tables';
import { createPartitionsAhead } from './create-partitions';

export interface PartitionsMade {
  /** Tables turned into partitioned ones by this run. */
  readonly converted: readonly string[];
  /** Partitions created, with the rows moved into each from its table's default partition. */
  readonly created: ReadonlyArray<{ readonly name: string; readonly moved: number }>;
}

/** Finishes any table's conversion, then creates the partitions each table needs ahead. Idempotent. */
export async function maintainPartitions(db: Kysely<Database>, logger: Logger, now = new Date()): Promise<PartitionsMade> {
  const converted = await convertLegacyTables(db, logger, now);
  const created: Array<{ name: string; moved: number }> = [];
  for (const spec of PARTITIONED_TABLES) {
    for (const partition of await createPartitionsAhead(db, spec, now))
      created.push({ name: partition.name, moved: partition.moved });
  }
  if (created.length > 0) logger.info({ created }, 'partitions created ahead');
  return { converted, created };
}
