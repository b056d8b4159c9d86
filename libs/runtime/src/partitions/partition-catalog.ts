import { type Kysely, sql } from 'kysely';
import type { Database } from '@error-tracker/contracts/db/schema';

/** One partition and the range it holds; `null` bounds are MINVALUE / MAXVALUE. */
export interface PartitionInfo {
  readonly name: string;
  readonly isDefault: boolean;
  readonly from: Date | null;
  readonly to: Date | null;
}

export async function isPartitioned(db: Kysely<Database>, table: string): Promise<boolean> {
  const { rows } = await sql<{ partitioned: boolean }>`
    SELECT relkind = 'p' AS partitioned FROM pg_class WHERE oid = to_regclass(${table})`.execute(db);
  return rows[0]?.partitioned === true;
}

/** The table's partitions, read back from their bounds (cast here, so the session's time zone cannot matter). */
export async function listPartitions(db: Kysely<Database>, table: string): Promise<PartitionInfo[]> {
  const { rows } = await sql<{ name: string; is_default: boolean; from: Date | null; to: Date | null }>`
    SELECT c.relname AS name, b.bound = 'DEFAULT' AS is_default,
           (regexp_match(b.bound, 'FROM \\(''([^'']+)''\\)'))[1]::timestamptz AS from,
           (regexp_match(b.bound, 'TO \\(''([^'']+)''\\)'))[1]::timestamptz AS to
    FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid
    CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS bound) b
    WHERE i.inhparent = to_regclass(${table})
    ORDER BY c.relname`.execute(db);
  return rows.map((row) => ({ name: row.name, isDefault: row.is_default, from: row.from, to: row.to }));
}

/** Whether a partition holds some of [from, to). */
export function overlaps(partition: PartitionInfo, from: Date, to: Date): boolean {
  if (partition.isDefault) return false;
  const startsBefore = partition.from === null || partition.from.getTime() < to.getTime();
  const endsAfter = partition.to === null || partition.to.getTime() > from.getTime();
  return startsBefore && endsAfter;
}
