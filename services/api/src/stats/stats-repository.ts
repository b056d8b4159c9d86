import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';

export interface StatsRow {
  total_errors: number;
  resolved_errors: number;
  errors_today: number;
  errors_this_week: number;
  errors_this_month: number;
  errors_24h: number;
  avg_resolution_seconds: number | null;
}

/**
 * Groups give total/resolved; events come from the hourly counters. "Today", "this week" and
 * "this month" are calendar periods in UTC (the week starts on Monday).
 */
export async function readStats(db: Db, project: string | undefined): Promise<StatsRow> {
  const projectFilter = project === undefined ? sql`TRUE` : sql`e.project = ${project}`;
  const { rows } = await sql<StatsRow>`
    WITH bounds AS (
      SELECT date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS today,
             date_trunc('week', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS week,
             date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS month,
             date_trunc('hour', now()) - interval '23 hours' AS day_ago
    ),
    groups AS (
      SELECT count(*)::int AS total_errors,
             count(*) FILTER (WHERE e.status = 'resolved')::int AS resolved_errors,
             avg(extract(epoch FROM e.resolved_at - e.first_seen)) FILTER (WHERE e.status = 'resolved')::float
               AS avg_resolution_seconds
      FROM errors e WHERE ${projectFilter}
    ),
    events AS (
      SELECT coalesce(sum(c.count) FILTER (WHERE c.hour >= b.today), 0)::bigint AS errors_today,
             coalesce(sum(c.count) FILTER (WHERE c.hour >= b.week), 0)::bigint AS errors_this_week,
             coalesce(sum(c.count) FILTER (WHERE c.hour >= b.month), 0)::bigint AS errors_this_month,
             coalesce(sum(c.count) FILTER (WHERE c.hour >= b.day_ago), 0)::bigint AS errors_24h
      FROM bounds b
      JOIN error_counts c ON c.hour >= least(b.month, b.week, b.day_ago)
      JOIN errors e ON e.id = c.error_id AND ${projectFilter}
    )
    SELECT * FROM groups, events`.execute(db);
  return rows[0] as StatsRow;
}

export type TrendPeriod = 'day' | 'week' | 'month' | 'year';
export type TrendBucket = 'hour' | 'day' | 'week' | 'month';

export interface TrendRow {
  bucket: Date;
  error_count: number;
  resolved_count: number;
  critical_count: number;
}

const PERIOD_INTERVAL: Readonly<Record<TrendPeriod, string>> = {
  day: '1 day',
  week: '7 days',
  month: '30 days',
  year: '365 days',
};

/**
 * One row per bucket from the start of the period to now, empty buckets included. Events and
 * critical (level fatal) events come from the hourly counters; resolved_count counts groups whose
 * current resolved_at falls in the bucket.
 */
export async function readTrends(
  db: Db,
  period: TrendPeriod,
  bucket: TrendBucket,
  project: string | undefined,
): Promise<TrendRow[]> {
  const projectFilter = project === undefined ? sql`TRUE` : sql`e.project = ${project}`;
  const unit = sql.lit(bucket);
  const step = sql.lit(`1 ${bucket}`);
  const span = sql.lit(PERIOD_INTERVAL[period]);
  const { rows } = await sql<TrendRow>`
    WITH range AS (
      SELECT date_trunc(${unit}, (now() - interval ${span}) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS start_at
    ),
    buckets AS (
      SELECT generate_series(r.start_at, now(), interval ${step}) AS bucket FROM range r
    ),
    events AS (
      SELECT date_trunc(${unit}, c.hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket,
             sum(c.count)::bigint AS error_count,
             coalesce(sum(c.count) FILTER (WHERE c.level = 'fatal'), 0)::bigint AS critical_count
      FROM error_counts c JOIN errors e ON e.id = c.error_id AND ${projectFilter}, range r
      WHERE c.hour >= r.start_at
      GROUP BY 1
    ),
    resolutions AS (
      SELECT date_trunc(${unit}, e.resolved_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS bucket, count(*)::int AS resolved_count
      FROM errors e, range r
      WHERE e.status = 'resolved' AND e.resolved_at >= r.start_at AND ${projectFilter}
      GROUP BY 1
    )
    SELECT b.bucket, coalesce(ev.error_count, 0) AS error_count, coalesce(rs.resolved_count, 0) AS resolved_count,
           coalesce(ev.critical_count, 0) AS critical_count
    FROM buckets b
    LEFT JOIN events ev ON ev.bucket = b.bucket
    LEFT JOIN resolutions rs ON rs.bucket = b.bucket
    ORDER BY b.bucket`.execute(db);
  return rows;
}
