import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';

export const SPARKLINE_HOURS = 24;

/**
 * Events per hour over the last 24 hours (oldest first, the current hour last) for a page of groups,
 * in one query: the (error_id, hour, level) key reads each group's recent hours as a range.
 */
export async function last24Hours(db: Db, ids: readonly number[]): Promise<Map<number, number[]>> {
  const series = new Map(ids.map((id) => [id, new Array<number>(SPARKLINE_HOURS).fill(0)]));
  if (ids.length === 0) return series;
  const rows = await db
    .selectFrom('error_counts')
    .select([
      'error_id',
      sql<number>`(extract(epoch from date_trunc('hour', now()) - hour) / 3600)::int`.as('hours_ago'),
      sql<string>`sum(count)`.as('events'),
    ])
    .where('error_id', 'in', [...series.keys()])
    .where('hour', '>', sql<Date>`date_trunc('hour', now()) - make_interval(hours => ${SPARKLINE_HOURS})`)
    .groupBy(['error_id', 'hour'])
    .execute();
  for (const row of rows) {
    const slot = SPARKLINE_HOURS - 1 - row.hours_ago;
    const counts = series.get(Number(row.error_id));
    if (counts && slot >= 0 && slot < SPARKLINE_HOURS) counts[slot] = Number(row.events);
  }
  return series;
}

export const GROUP_HOURS_DEFAULT = 168;
export const GROUP_HOURS_MAX = 720;

export interface HourCount {
  /** The hour's start. */
  readonly hour: Date;
  readonly events: number;
}

/**
 * One group's events per hour over the last `hours` hours, oldest first, the current hour last,
 * empty hours included; undefined when there is no such group. One query: the hours are generated
 * and the group's counters joined by their (error_id, hour, level) key.
 */
export async function groupHours(db: Db, id: number, hours: number): Promise<HourCount[] | undefined> {
  const { rows } = await sql<{ hour: Date; events: string }>`
    SELECT h.hour, coalesce(sum(c.count), 0) AS events
    FROM errors e
    CROSS JOIN generate_series(
      date_trunc('hour', now()) - make_interval(hours => ${hours - 1}),
      date_trunc('hour', now()),
      interval '1 hour'
    ) AS h(hour)
    LEFT JOIN error_counts c
      ON c.error_id = e.id AND c.hour = h.hour
     AND c.hour > date_trunc('hour', now()) - make_interval(hours => ${hours})
    WHERE e.id = ${id}
    GROUP BY h.hour
    ORDER BY h.hour`.execute(db);
  return rows.length === 0 ? undefined : rows.map((row) => ({ hour: row.hour, events: Number(row.events) }));
}
