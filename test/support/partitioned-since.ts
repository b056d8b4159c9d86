import { type Kysely, sql } from 'kysely';
import { PARTITIONED_TABLES } from '@error-tracker/contracts/db/partitioned-tables';
import type { Database } from '@error-tracker/contracts/db/schema';
import { createPartitionsAhead } from '@error-tracker/runtime/partitions/create-partitions';
import { nextPeriodStart, periodStart } from '@error-tracker/runtime/partitions/period';

/**
 * Lays a table out as if partitioned since `since`: the old table's partition (empty in a new
 * database) dropped, and a partition for every period from then on, as the maintenance makes them.
 */
export async function partitionedSince(db: Kysely<Database>, table: string, since: Date): Promise<void> {
  const spec = PARTITIONED_TABLES.find((t) => t.table === table);
  if (!spec) throw new Error(`${table} is not partitioned`);
  await sql`DROP TABLE IF EXISTS ${sql.table(`${table}_legacy`)}`.execute(db);
  // Partitions are made for the periods after the one of `at`: start in the period before.
  const first = periodStart(spec.period, new Date(periodStart(spec.period, since).getTime() - 1));
  for (let at = first; at.getTime() <= Date.now(); at = nextPeriodStart(spec.period, at)) {
    await createPartitionsAhead(db, spec, at);
  }
}
