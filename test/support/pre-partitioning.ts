import { Migrator, sql } from 'kysely';
import { migrations } from '@error-tracker/contracts/db/migrations/index';
import type { Db } from '@error-tracker/contracts/db/schema';

/** The first migration of partitioned storage; the schema before it has plain tables. */
export const PARTITIONING_MIGRATION = '20261201060000_ingest_dedupe';

/** Brings an empty database to the schema of the version before partitioning. */
export async function migrateBeforePartitioning(db: Db): Promise<void> {
  const before = Object.keys(migrations)
    .sort()
    .filter((name) => name < PARTITIONING_MIGRATION)
    .pop();
  if (!before) throw new Error('no migration before partitioning');
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const result = await migrator.migrateTo(before);
  if (result.error !== undefined) throw new Error(`migrating to ${before} failed`, { cause: result.error });
}

/** Figures of the tables partitioning converts: equal before and after, nothing lost or doubled. */
export interface StoredFigures {
  readonly occurrences: number;
  readonly counted: number;
  readonly minutes: number;
  readonly samples: number;
}

export async function storedFigures(db: Db, where = sql`true`): Promise<StoredFigures> {
  // Occurrences in both tables once groups' slots (recent_occurrences) exist: current workers write those.
  const { rows: slots } = await sql<{ made: boolean }>`SELECT to_regclass('recent_occurrences') IS NOT NULL AS made`.execute(db);
  const occurrences = slots[0]?.made
    ? sql`(SELECT error_id FROM error_occurrences UNION ALL SELECT error_id FROM recent_occurrences)`
    : sql`error_occurrences`;
  const { rows } = await sql<StoredFigures>`
    SELECT (SELECT count(*)::int FROM ${occurrences} o JOIN errors e ON e.id = o.error_id WHERE ${where}) AS occurrences,
           (SELECT coalesce(sum(c.count), 0)::int FROM error_counts c JOIN errors e ON e.id = c.error_id WHERE ${where}) AS counted,
           (SELECT coalesce(sum(count), 0)::int FROM event_minutes) AS minutes,
           (SELECT count(*)::int FROM monitoring_samples) AS samples`.execute(db);
  return rows[0] as StoredFigures;
}

/**
 * Rows as the previous version wrote them: `groups` groups of project `legacy` with five occurrences
 * each (received over the last weeks), hourly counters reaching back two years, per-minute counts
 * and monitoring samples.
 */
export async function seedLegacyRows(db: Db, groups: number): Promise<void> {
  await sql`
    INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, count, first_seen, last_seen)
    SELECT md5('legacy-' || i), 'legacy', 'production', 'ValueError', 'legacy ' || i, 'error', 'backend', 10,
           now() - interval '700 days', now() - make_interval(mins => i)
    FROM generate_series(1, ${groups}) AS i`.execute(db);
  await sql`
    INSERT INTO error_occurrences (error_id, event_id, timestamp, received_at, environment, message, level, extra)
    SELECT e.id, gen_random_uuid(), now() - make_interval(days => k * 7, mins => e.id::int),
           now() - make_interval(days => k * 7, mins => e.id::int), 'production', e.message, 'error', '{"n": 1}'
    FROM errors e CROSS JOIN generate_series(0, 4) AS k WHERE e.project = 'legacy'`.execute(db);
  await sql`
    INSERT INTO error_counts (error_id, hour, level, count)
    SELECT e.id, date_trunc('hour', now()) - make_interval(days => k * 70), 'error', 2
    FROM errors e CROSS JOIN generate_series(0, 10) AS k WHERE e.project = 'legacy'`.execute(db);
  await sql`
    INSERT INTO event_minutes (minute, project, environment, level, shard, count)
    SELECT date_trunc('minute', now()) - make_interval(mins => m), 'legacy', 'production', 'error', 3, 4
    FROM generate_series(0, 1500) AS m`.execute(db);
  await sql`
    INSERT INTO monitoring_samples (instance_id, slot, recorded_at, interval_ms, host, roles, cpu_percent, heap_used_bytes,
                                    rss_bytes, memory_limit_bytes, event_loop_delay_ms, event_loop_delay_p99_ms, postgres_ok, redis_ok)
    SELECT 'legacy-' || p, date_trunc('minute', now()) - make_interval(mins => m * 60), now(), 60000, 'host', '{ingest-worker}',
           1, 1, 1, 1, 0, 0, true, true
    FROM generate_series(1, 3) AS p CROSS JOIN generate_series(0, 700) AS m`.execute(db);
  await sql`ANALYZE`.execute(db);
}
