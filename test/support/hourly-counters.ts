import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';

/** One hourly counter: the group, how many hours before the current hour, the level, the count. */
export type HourlyCounter = readonly [errorId: number, hoursAgo: number, level: string, count: number];

/**
 * Replaces the groups' hourly counters (the seeded ones included) with exactly `counters`, so that
 * a test asserts only what it set.
 */
export async function replaceHourlyCounts(
  db: Db,
  errorIds: ReadonlyArray<number | undefined>,
  counters: readonly HourlyCounter[],
): Promise<void> {
  const ids = errorIds.filter((id) => id !== undefined);
  if (ids.length !== errorIds.length) throw new Error('a group was not seeded');
  await sql`DELETE FROM error_counts WHERE error_id = ANY(${ids}::bigint[])`.execute(db);
  for (const [errorId, hoursAgo, level, count] of counters)
    await sql`
      INSERT INTO error_counts (error_id, hour, level, count)
      VALUES (${errorId}, date_trunc('hour', now()) - make_interval(hours => ${hoursAgo}), ${level}, ${count})
      ON CONFLICT (error_id, hour, level) DO UPDATE SET count = excluded.count`.execute(db);
}
