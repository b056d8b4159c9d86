import { type Kysely, sql } from 'kysely';
import { PARTITIONED_TABLES, type PartitionedTable } from '@error-tracker/contracts/db/partitioned-tables';
import type { Database } from '@error-tracker/contracts/db/schema';
import { SAMPLE_HISTORY_DAYS } from '@error-tracker/contracts/monitoring';
import type { Logger } from '@error-tracker/runtime/logger';
import { maintainPartitions } from '@error-tracker/runtime/partitions/maintain-partitions';
import { listPartitions } from '@error-tracker/runtime/partitions/partition-catalog';
import { inShortLockTransaction, isLockTimeout } from '@error-tracker/runtime/partitions/short-lock-transaction';
import { retentionDeleted } from '../metrics';
import { PurgeAborted } from './batched-delete';

const HOUR_MS = 3_600_000;

/** How long each partitioned table keeps a row, in hours from the row's partition key. */
export function keptHours(table: string, retentionDays: number): number {
  switch (table) {
    case 'ingest_dedupe':
      return 24; // a redelivered job comes back within minutes; a client's resend within the day after
    case 'event_minutes':
      return 25; // the longest alert window (24 h) and an hour
    case 'monitoring_samples':
      return SAMPLE_HISTORY_DAYS * 24; // the longest uptime window
    case 'error_counts':
      return 400 * 24; // the longest stats period (a year) and a month
    case 'error_occurrences':
      return retentionDays * 24;
    default:
      throw new Error(`no retention for the partitioned table ${table}`);
  }
}

export function cutoffOf(spec: PartitionedTable, retentionDays: number, now = Date.now()): Date {
  return new Date(now - keptHours(spec.table, retentionDays) * HOUR_MS);
}

/**
 * Drops the partitions whose whole range is older than the cutoff (the pre-partitioning table's
 * too, once its bound is). DROP takes ACCESS EXCLUSIVE on the table for a moment; it waits for a lock
 * two seconds at most (later queries queue behind it meanwhile), and is tried again. One that still
 * cannot get it (a long query holds the table) is left for the next pass. Answers those dropped.
 */
export async function dropExpiredPartitions(
  db: Kysely<Database>,
  table: string,
  cutoff: Date,
  logger: Logger,
): Promise<string[]> {
  const expired = (await listPartitions(db, table)).filter((p) => p.to !== null && p.to.getTime() <= cutoff.getTime());
  const dropped: string[] = [];
  for (const partition of expired) {
    try {
      await inShortLockTransaction(db, async (trx) => {
        await sql`DROP TABLE IF EXISTS ${sql.table(partition.name)}`.execute(trx);
      });
      dropped.push(partition.name);
    } catch (error) {
      if (!isLockTimeout(error)) throw error;
      logger.warn(
        { table, partition: partition.name },
        'partitions not dropped: the table stayed locked; the next pass tries again',
      );
      break;
    }
  }
  return dropped;
}

/**
 * Rows older than the cutoff in the default partition (rows no partition was made for: a time far
 * back, or past the partitions ahead while maintenance did not run), up to `limit` a batch.
 */
export async function deleteExpiredDefaultRows(
  db: Kysely<Database>,
  spec: PartitionedTable,
  cutoff: Date,
  limit: number,
): Promise<number> {
  const fallback = (await listPartitions(db, spec.table)).find((p) => p.isDefault);
  if (!fallback) return 0;
  const [table, key] = [sql.table(fallback.name), sql.ref(spec.key)];
  const result = await sql`
    DELETE FROM ${table} WHERE ctid = ANY(ARRAY(
      SELECT ctid FROM ${table} WHERE ${key} < ${cutoff} LIMIT ${limit} FOR UPDATE SKIP LOCKED
    ))`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

export interface PartitionsExpired {
  readonly partitionsCreated: number;
  readonly partitionsDropped: number;
  /** Rows deleted from default partitions. */
  readonly defaultRows: number;
}

export interface ExpireOptions {
  readonly retentionDays: number;
  readonly rowBatchSize: number;
  readonly logger: Logger;
  /** The pass's batched-delete step (metrics, log line, stop between batches). */
  readonly step: (name: string, deleteBatch: () => Promise<number>) => Promise<number>;
  readonly signal?: AbortSignal;
}

/**
 * The partitioned tables' share of a pass: their partitions ahead made (and a conversion left half
 * way finished), whole partitions past the table's retention dropped, the default partitions pruned,
 * and the parents analyzed (autovacuum analyzes partitions, never a partitioned parent).
 */
export async function expirePartitions(db: Kysely<Database>, options: ExpireOptions): Promise<PartitionsExpired> {
  const made = await maintainPartitions(db, options.logger);
  let [partitionsDropped, defaultRows] = [0, 0];
  for (const spec of PARTITIONED_TABLES) {
    if (options.signal?.aborted) throw new PurgeAborted();
    const cutoff = cutoffOf(spec, options.retentionDays);
    const dropped = await dropExpiredPartitions(db, spec.table, cutoff, options.logger);
    if (dropped.length > 0) options.logger.info({ table: spec.table, dropped }, 'partitions dropped');
    retentionDeleted.inc({ what: 'partitions' }, dropped.length);
    partitionsDropped += dropped.length;
    defaultRows += await options.step(`${spec.table}_default`, () =>
      deleteExpiredDefaultRows(db, spec, cutoff, options.rowBatchSize),
    );
    await sql`ANALYZE ${sql.table(spec.table)}`.execute(db);
  }
  return { partitionsCreated: made.created.length, partitionsDropped, defaultRows };
}
