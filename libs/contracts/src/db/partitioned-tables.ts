import type { Database } from './schema';

/** How much time one partition covers: a UTC day, a week from Monday, or a calendar month. */
export type PartitionPeriod = 'day' | 'week' | 'month';

/** A table range-partitioned by a time column (docs/partitioning.md). */
export interface PartitionedTable {
  readonly table: keyof Database;
  /** The partition key: a timestamptz column of the row. */
  readonly key: string;
  readonly period: PartitionPeriod;
  /** Partitions kept ready after the current period's; later rows go to the default partition meanwhile. */
  readonly ahead: number;
  /**
   * Unique indexes each partition has of its own: a partitioned table's unique keys must hold the
   * partition key, so a key without it is unique only within a partition.
   */
  readonly partitionIndexes?: readonly string[];
  /** The table its rows reference: attaching a partition locks it (SHARE ROW EXCLUSIVE). */
  readonly references?: keyof Database;
}

/**
 * The high-volume tables. A partition is created well ahead of its period, so the maintenance (every
 * retention pass, every migrate) can miss a few runs; dropped whole once its period is past the
 * table's retention.
 */
export const PARTITIONED_TABLES: readonly PartitionedTable[] = [
  { table: 'ingest_dedupe', key: 'received_at', period: 'day', ahead: 3, partitionIndexes: ['UNIQUE (event_id)'] },
  { table: 'event_minutes', key: 'minute', period: 'day', ahead: 3 },
  { table: 'error_occurrences', key: 'received_at', period: 'week', ahead: 2, references: 'errors' },
  { table: 'monitoring_samples', key: 'slot', period: 'week', ahead: 2 },
  { table: 'error_counts', key: 'hour', period: 'month', ahead: 1, references: 'errors' },
];
