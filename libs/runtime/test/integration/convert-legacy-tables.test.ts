import { sql } from 'kysely';
import { migrateToLatest } from '@error-tracker/contracts/db/migrate';
import { PARTITIONED_TABLES } from '@error-tracker/contracts/db/partitioned-tables';
import { createLogger } from '@error-tracker/runtime/logger';
import { convertLegacyTables } from '@error-tracker/runtime/partitions/convert-legacy-tables';
import { createPartitionsAhead } from '@error-tracker/runtime/partitions/create-partitions';
import { isPartitioned, listPartitions } from '@error-tracker/runtime/partitions/partition-catalog';
import { boundaryAfter } from '@error-tracker/runtime/partitions/period';
import { migrateBeforePartitioning, seedLegacyRows, storedFigures } from '../../../../test/support/pre-partitioning';
import { useSandbox } from '../../../../test/support/sandbox';

const logger = createLogger('silent', 'test');
const DAY_MS = 86_400_000;
const CONVERTED = ['event_minutes', 'monitoring_samples', 'error_occurrences', 'error_counts'];

const sandbox = useSandbox({ empty: true, per: 'test' });

/** Each index of the table, by name, with its oid: an index rebuilt by ATTACH would get a new oid. */
async function indexOids(table: string): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string; oid: number }>`
    SELECT c.relname AS name, c.oid::int AS oid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = to_regclass(${table})`.execute(sandbox.db);
  return Object.fromEntries(rows.map((row) => [row.name, row.oid]));
}

async function legacyBound(table: string): Promise<Date | null | undefined> {
  return (await listPartitions(sandbox.db, table)).find((p) => p.name === `${table}_legacy`)?.to;
}

async function oldSchemaWithRows(groups: number): Promise<void> {
  await migrateBeforePartitioning(sandbox.db);
  await seedLegacyRows(sandbox.db, groups);
  await migrateToLatest(sandbox.db);
}

describe('converting the pre-partitioning tables', () => {
  it('makes each table partitioned with its old rows as one partition, reusing its indexes, and loses nothing', async () => {
    await oldSchemaWithRows(300);
    const before = await storedFigures(sandbox.db);
    const oids = await indexOids('error_counts');
    const startedAt = new Date();

    expect(await convertLegacyTables(sandbox.db, logger)).toEqual(CONVERTED);

    for (const table of CONVERTED) {
      expect(await isPartitioned(sandbox.db, table)).toBe(true);
      const spec = PARTITIONED_TABLES.find((t) => t.table === table)!;
      const bound = (await legacyBound(table))!;
      // A period boundary at least a week ahead: the old table takes the rows of the next days too.
      expect(bound.getTime()).toBeGreaterThanOrEqual(startedAt.getTime() + 7 * DAY_MS);
      expect(bound).toEqual(boundaryAfter(spec.period, new Date(bound.getTime() - 1)));
      expect((await listPartitions(sandbox.db, table)).map((p) => p.name)).toEqual([`${table}_default`, `${table}_legacy`]);
    }
    expect(await storedFigures(sandbox.db)).toEqual(before);
    // The old indexes serve as the partition's (renamed, not rebuilt); the parent has the old names.
    expect(await indexOids('error_counts_legacy')).toEqual({
      error_counts_legacy_pkey: oids.error_counts_pkey,
      error_counts_legacy_hour_idx: oids.error_counts_hour_idx,
    });
    expect(Object.keys(await indexOids('error_counts')).sort()).toEqual(['error_counts_hour_idx', 'error_counts_pkey']);

    // A second run has nothing to do.
    expect(await convertLegacyTables(sandbox.db, logger)).toEqual([]);
  });

  it('keeps the cascades from errors and the occurrence ids once the old table is gone', async () => {
    await oldSchemaWithRows(3);
    await convertLegacyTables(sandbox.db, logger);
    const { rows } = await sql<{ id: number }>`SELECT min(id)::int AS id FROM errors`.execute(sandbox.db);
    await sql`DELETE FROM errors WHERE id = ${rows[0]!.id}`.execute(sandbox.db);
    expect(await storedFigures(sandbox.db, sql`true`)).toMatchObject({ occurrences: 10, counted: 44 });

    // Retention drops the old table's partition one day; the id sequence must outlive it.
    await sql`DROP TABLE error_occurrences_legacy`.execute(sandbox.db);
    const far = new Date(Date.now() + 30 * DAY_MS);
    await sql`
      INSERT INTO error_occurrences (error_id, event_id, timestamp, received_at, environment, message, level)
      SELECT id, gen_random_uuid(), ${far}, ${far}, 'production', 'after', 'error' FROM errors LIMIT 1`.execute(sandbox.db);
    const { rows: added } = await sql<{ id: number; partition: string }>`
      SELECT id::int, tableoid::regclass::text AS partition FROM error_occurrences`.execute(sandbox.db);
    expect(added).toEqual([{ id: 16, partition: 'error_occurrences_default' }]);
  });

  it('finishes a conversion a previous run left half way, and restarts one left too long', async () => {
    await oldSchemaWithRows(5);
    const soon = boundaryAfter('day', new Date(Date.now() + 10 * DAY_MS));
    // A run that stopped after step 1 (event_minutes), and one that stopped days ago (monitoring_samples).
    await sql`ALTER TABLE event_minutes ADD CONSTRAINT event_minutes_partition_bound CHECK (minute < ${sql.lit(soon.toISOString())}::timestamptz) NOT VALID`.execute(
      sandbox.db,
    );
    const stale = new Date(Date.now() + 3_600_000).toISOString();
    await sql`ALTER TABLE monitoring_samples ADD CONSTRAINT monitoring_samples_partition_bound CHECK (slot < ${sql.lit(stale)}::timestamptz) NOT VALID`.execute(
      sandbox.db,
    );

    await convertLegacyTables(sandbox.db, logger);

    expect(await legacyBound('event_minutes')).toEqual(soon);
    expect((await legacyBound('monitoring_samples'))!.getTime()).toBeGreaterThan(Date.now() + 7 * DAY_MS);
  });

  it('places the bound after a row from the future instead of failing', async () => {
    await oldSchemaWithRows(1);
    const future = new Date(Date.now() + 60 * DAY_MS);
    await sql`
      INSERT INTO monitoring_samples (instance_id, slot, recorded_at, interval_ms, host, roles, cpu_percent, heap_used_bytes,
                                      rss_bytes, memory_limit_bytes, event_loop_delay_ms, event_loop_delay_p99_ms, postgres_ok, redis_ok)
      VALUES ('skewed-clock', ${future}, now(), 60000, 'host', '{api}', 1, 1, 1, 1, 0, 0, true, true)`.execute(sandbox.db);

    await convertLegacyTables(sandbox.db, logger);

    expect(await legacyBound('monitoring_samples')).toEqual(boundaryAfter('week', future));
  });

  it('moves rows written ahead of time into the partition made for them later', async () => {
    await oldSchemaWithRows(1);
    await convertLegacyTables(sandbox.db, logger);
    const spec = PARTITIONED_TABLES.find((t) => t.table === 'event_minutes')!;
    // Noon: in a day's last hour the maintenance does not make the next day's partition (its margin).
    const late = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS + 40 * DAY_MS + DAY_MS / 2);
    await sql`
      INSERT INTO event_minutes (minute, project, environment, level, shard, count)
      VALUES (date_trunc('minute', ${late}::timestamptz), 'late', 'production', 'error', 1, 7)`.execute(sandbox.db);

    // Maintenance two days before that day makes its partition, which takes the row.
    const created = await createPartitionsAhead(sandbox.db, spec, new Date(late.getTime() - 2 * DAY_MS));
    expect(created.map((p) => p.moved)).toEqual([0, 1, 0]);
    const { rows } = await sql<{ partition: string }>`
      SELECT tableoid::regclass::text AS partition FROM event_minutes WHERE project = 'late'`.execute(sandbox.db);
    expect(rows).toEqual([{ partition: created[1]!.name }]);
    expect(await createPartitionsAhead(sandbox.db, spec, new Date(late.getTime() - 2 * DAY_MS))).toEqual([]);
  });
});
