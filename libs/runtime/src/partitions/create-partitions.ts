import { type Kysely, sql, type Transaction } from 'kysely';
import type { PartitionedTable } from '@error-tracker/contracts/db/partitioned-tables';
import type { Database } from '@error-tracker/contracts/db/schema';
import { isPartitioned, listPartitions, overlaps } from './partition-catalog';
import { nextPeriodStart, partitionName, periodStart } from './period';
import { inShortLockTransaction } from './short-lock-transaction';

/** Any constant: the first half of the advisory lock key that makers of one table's partitions share. */
const PARTITION_LOCK_CLASS = 74_203;
/**
 * Only partitions that start this far ahead are made: rows of a period already under way may be
 * going to the default partition right now (maintenance missed its runs), and a row routed there as
 * the period's partition is attached is refused (23514, "violates partition constraint"). Those stay
 * in the default partition until retention prunes it.
 */
const AHEAD_MARGIN_MS = 3_600_000;

export interface CreatedPartition {
  readonly name: string;
  readonly from: Date;
  readonly to: Date;
  /** Rows that had landed in the default partition meanwhile and now live in this one. */
  readonly moved: number;
}

/**
 * Makes sure partitions exist for the periods after the current one, up to `spec.ahead` of them; a
 * range an existing partition already covers (the pre-partitioning table's) is left to it. A table
 * not partitioned yet (its conversion has not run) is skipped.
 */
export async function createPartitionsAhead(
  db: Kysely<Database>,
  spec: PartitionedTable,
  now = new Date(),
): Promise<CreatedPartition[]> {
  if (!(await isPartitioned(db, spec.table))) return [];
  const existing = await listPartitions(db, spec.table);
  const created: CreatedPartition[] = [];
  let from = periodStart(spec.period, now);
  for (let i = 0; i <= spec.ahead; i++) {
    const to = nextPeriodStart(spec.period, from);
    const future = from.getTime() >= now.getTime() + AHEAD_MARGIN_MS;
    if (future && !existing.some((partition) => overlaps(partition, from, to))) {
      const partition = await createPartition(db, spec, from, to);
      if (partition) created.push(partition);
    }
    from = to;
  }
  return created;
}

/**
 * One partition, made as a plain table then attached: ATTACH takes only SHARE UPDATE EXCLUSIVE on
 * the parent (CREATE TABLE … PARTITION OF would take ACCESS EXCLUSIVE). Rows of its range already in
 * the default partition (written by a clock far ahead) are moved into it first, or the attach would
 * refuse. Answers undefined when another process made it first.
 */
async function createPartition(
  db: Kysely<Database>,
  spec: PartitionedTable,
  from: Date,
  to: Date,
): Promise<CreatedPartition | undefined> {
  const name = partitionName(spec.table, from);
  return inShortLockTransaction(db, async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(${PARTITION_LOCK_CLASS}, hashtext(${spec.table}))`.execute(trx);
    const { rows } = await sql<{ taken: boolean }>`SELECT to_regclass(${name}) IS NOT NULL AS taken`.execute(trx);
    if (rows[0]?.taken) return undefined;
    const partitions = await listPartitions(trx, spec.table);
    if (partitions.some((partition) => overlaps(partition, from, to))) return undefined;
    // Same order as ingest (the referenced table first), so the two cannot deadlock.
    if (spec.references) await sql`LOCK TABLE ${sql.table(spec.references)} IN SHARE ROW EXCLUSIVE MODE`.execute(trx);
    const fallback = partitions.find((partition) => partition.isDefault)?.name;
    if (fallback) await sql`LOCK TABLE ${sql.table(fallback)} IN ACCESS EXCLUSIVE MODE`.execute(trx);

    const [table, partition] = [sql.table(spec.table), sql.table(name)];
    await sql`CREATE TABLE ${partition} (LIKE ${table} INCLUDING DEFAULTS)`.execute(trx);
    for (const index of spec.partitionIndexes ?? []) await sql`ALTER TABLE ${partition} ADD ${sql.raw(index)}`.execute(trx);
    const moved = fallback ? await moveFromDefault(trx, spec.key, fallback, name, from, to) : 0;
    // DDL takes no parameters: the bounds go in as literals.
    const [lower, upper] = [sql.lit(from.toISOString()), sql.lit(to.toISOString())];
    await sql`ALTER TABLE ${table} ATTACH PARTITION ${partition} FOR VALUES FROM (${lower}) TO (${upper})`.execute(trx);
    return { name, from, to, moved };
  });
}

async function moveFromDefault(
  trx: Transaction<Database>,
  key: string,
  fallback: string,
  name: string,
  from: Date,
  to: Date,
): Promise<number> {
  const result = await sql`
    WITH moved AS (
      DELETE FROM ${sql.table(fallback)} WHERE ${sql.ref(key)} >= ${from} AND ${sql.ref(key)} < ${to} RETURNING *
    )
    INSERT INTO ${sql.table(name)} SELECT * FROM moved`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}
