import { type Kysely, sql } from 'kysely';
import { PARTITIONED_TABLES, type PartitionedTable } from '@error-tracker/contracts/db/partitioned-tables';
import type { Database } from '@error-tracker/contracts/db/schema';
import type { Logger } from '../logger';
import { LEGACY_TABLES, type LegacyTable } from './legacy-tables';
import { isPartitioned } from './partition-catalog';
import { boundaryAfter } from './period';
import { inShortLockTransaction, isLockTimeout, sqlState } from './short-lock-transaction';

/** Any constant, the same in every process: one conversion at a time. */
const CONVERSION_LOCK_KEY = 7_342_915_060;
const DAY_MS = 86_400_000;
/** The old table keeps the rows of at least this long after the swap, so the bound is never near. */
const BOUND_MARGIN_MS = 7 * DAY_MS;
const CHECK_VIOLATION = '23514';

/**
 * Turns each pre-partitioning table into a partitioned one of the same name, online, without copying
 * a row (docs/partitioning.md):
 *  1. CHECK (key < bound) NOT VALID on the old table: a moment's ACCESS EXCLUSIVE, no scan;
 *  2. VALIDATE CONSTRAINT: the one scan, under SHARE UPDATE EXCLUSIVE, while ingest and reads go on;
 *  3. one short transaction: rename the old table, create the partitioned one in its place, attach
 *     the old one as its partition FROM (MINVALUE) TO (bound) (the validated check spares ATTACH its
 *     scan), add the default partition.
 * Each step is its own transaction and finds its state in the catalog, so a run that stops half way
 * is finished by the next one (every migrate, every retention pass). Answers the tables converted.
 */
export async function convertLegacyTables(db: Kysely<Database>, logger: Logger, now = new Date()): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`SELECT pg_advisory_lock(${CONVERSION_LOCK_KEY})`.execute(conn);
    try {
      const converted: string[] = [];
      for (const legacy of LEGACY_TABLES) {
        const spec = PARTITIONED_TABLES.find((table) => table.table === legacy.table);
        if (!spec || (await isPartitioned(conn, legacy.table))) continue;
        try {
          const bound = await validatedBound(conn, spec, logger, now);
          await swap(conn, legacy, spec, bound);
          // Autovacuum never analyzes a partitioned parent; its statistics steer joins across partitions.
          await sql`ANALYZE ${sql.table(legacy.table)}`.execute(conn);
          logger.info(
            { table: legacy.table, legacyUntil: bound },
            'table partitioned: the old table is its partition until the bound',
          );
          converted.push(legacy.table);
        } catch (error) {
          if (!isLockTimeout(error)) throw error;
          logger.warn(
            { table: legacy.table },
            'table not partitioned yet: it stayed locked; the next migrate or retention pass goes on',
          );
        }
      }
      return converted;
    } finally {
      await sql`SELECT pg_advisory_unlock(${CONVERSION_LOCK_KEY})`.execute(conn);
    }
  });
}

interface Bound {
  /** null: a constraint of that name in a shape this code does not write; replaced. */
  readonly at: Date | null;
  readonly validated: boolean;
}

const boundName = (table: string) => `${table}_partition_bound`;

async function validatedBound(conn: Kysely<Database>, spec: PartitionedTable, logger: Logger, now: Date): Promise<Date> {
  let bound = await readBound(conn, spec.table);
  // Left by a run that stopped days ago: rows past it would soon be refused, so start again.
  if (bound && (bound.at === null || bound.at.getTime() < now.getTime() + DAY_MS)) {
    await dropBound(conn, spec.table);
    bound = undefined;
  }
  if (bound?.at && bound.validated) return bound.at;
  const at = bound?.at ?? (await addBound(conn, spec, boundaryAfter(spec.period, new Date(now.getTime() + BOUND_MARGIN_MS))));
  logger.info({ table: spec.table, until: at }, 'validating the partition bound of the table (one scan; ingest goes on)');
  if (await validateBound(conn, spec.table)) return at;

  // A row at or past the bound (a clock far ahead, once): place the bound after the newest row.
  await dropBound(conn, spec.table);
  const { rows } = await sql<{ newest: Date | null }>`
    SELECT max(${sql.ref(spec.key)}) AS newest FROM ${sql.table(spec.table)}`.execute(conn);
  const newest = Math.max(now.getTime() + BOUND_MARGIN_MS, rows[0]?.newest?.getTime() ?? 0);
  const later = await addBound(conn, spec, boundaryAfter(spec.period, new Date(newest)));
  if (await validateBound(conn, spec.table)) return later;
  throw new Error(`${spec.table}: rows keep arriving past the partition bound; not partitioned`);
}

async function readBound(conn: Kysely<Database>, table: string): Promise<Bound | undefined> {
  const { rows } = await sql<Bound>`
    SELECT (regexp_match(pg_get_constraintdef(oid), ' < ''([^'']+)''::timestamp with time zone\\)\\)'))[1]::timestamptz AS at,
           convalidated AS validated
    FROM pg_constraint WHERE conrelid = to_regclass(${table}) AND conname = ${boundName(table)}`.execute(conn);
  return rows[0];
}

async function addBound(conn: Kysely<Database>, spec: PartitionedTable, at: Date): Promise<Date> {
  await inShortLockTransaction(conn, async (trx) => {
    await sql`
      ALTER TABLE ${sql.table(spec.table)} ADD CONSTRAINT ${sql.id(boundName(spec.table))}
      CHECK (${sql.ref(spec.key)} < ${sql.lit(at.toISOString())}::timestamptz) NOT VALID`.execute(trx);
  });
  return at;
}

async function dropBound(conn: Kysely<Database>, table: string): Promise<void> {
  await inShortLockTransaction(conn, async (trx) => {
    await sql`ALTER TABLE ${sql.table(table)} DROP CONSTRAINT IF EXISTS ${sql.id(boundName(table))}`.execute(trx);
  });
}

/** False when a row breaks the bound. */
async function validateBound(conn: Kysely<Database>, table: string): Promise<boolean> {
  try {
    await sql`ALTER TABLE ${sql.table(table)} VALIDATE CONSTRAINT ${sql.id(boundName(table))}`.execute(conn);
    return true;
  } catch (error) {
    if (sqlState(error) === CHECK_VIOLATION) return false;
    throw error;
  }
}

async function swap(conn: Kysely<Database>, legacy: LegacyTable, spec: PartitionedTable, bound: Date): Promise<void> {
  const [table, old] = [sql.table(legacy.table), sql.table(`${legacy.table}_legacy`)];
  await inShortLockTransaction(conn, async (trx) => {
    // Attaching the old table replaces its foreign key's triggers on the referenced table: lock that
    // one first, as ingest does (errors, then the table), so the two cannot deadlock.
    if (legacy.references) await sql`LOCK TABLE ${sql.table(legacy.references)} IN ACCESS EXCLUSIVE MODE`.execute(trx);
    await sql`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`.execute(trx);
    await sql`ALTER TABLE ${table} RENAME TO ${sql.id(`${legacy.table}_legacy`)}`.execute(trx);
    for (const statement of legacy.renames) await sql.raw(statement).execute(trx);
    await sql`CREATE TABLE ${table} (LIKE ${old} INCLUDING DEFAULTS) PARTITION BY RANGE (${sql.ref(spec.key)})`.execute(trx);
    for (const statement of legacy.parent) await sql.raw(statement).execute(trx);
    await sql`ALTER TABLE ${table} ATTACH PARTITION ${old} FOR VALUES FROM (MINVALUE) TO (${sql.lit(bound.toISOString())})`.execute(
      trx,
    );
    await sql`CREATE TABLE ${sql.table(`${legacy.table}_default`)} PARTITION OF ${table} DEFAULT`.execute(trx);
  });
}
