import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';
import type { IngestEvent } from '@error-tracker/contracts/ingest-job';
import { ingestEvent, pythonTrace } from './events';

const BASE_TIME = Date.UTC(2026, 10, 1, 12, 0, 0);

/** 50 fingerprints; fingerprint 0 takes half the traffic. Every event has its own timestamp and user. */
export function skewedLoad(total: number): IngestEvent[] {
  return Array.from({ length: total }, (_, i) => {
    const module = i % 2 === 0 ? 0 : 1 + ((i >> 1) % 49);
    return ingestEvent({
      project: 'scale',
      traceback: pythonTrace(`module_${module}`, 10 + module),
      timestamp: new Date(BASE_TIME + i * 1_000).toISOString(),
      user_id: `event-${i}`,
    });
  });
}

/** The events the groups count, and the event ids claimed as counted (ingest_dedupe). */
export async function countTotals(db: Db): Promise<{ events: number; ingested: number }> {
  const { rows } = await sql<{ events: number; ingested: number }>`
    SELECT (SELECT coalesce(sum(count), 0)::int FROM error_totals) AS events,
           (SELECT count(DISTINCT event_id)::int FROM ingest_dedupe) AS ingested`.execute(db);
  return rows[0]!;
}

/** One group per traceback, counting exactly its events, holding its newest five occurrences. */
export async function expectExactGroups(db: Db, events: readonly IngestEvent[]): Promise<void> {
  const expected = new Map<string, IngestEvent[]>();
  for (const event of events) {
    const key = event.traceback!;
    expected.set(key, [...(expected.get(key) ?? []), event]);
  }
  const groups = await db
    .selectFrom('errors')
    .innerJoin('error_totals', 'error_totals.error_id', 'errors.id')
    .select(['errors.id', 'errors.traceback', 'error_totals.count'])
    .execute();
  expect(groups).toHaveLength(expected.size);
  for (const group of groups) {
    const mine = expected.get(group.traceback!)!;
    expect(group.count).toBe(mine.length);
    const occurrences = await db
      .selectFrom('recent_occurrences')
      .select('user_id')
      .where('error_id', '=', group.id)
      .orderBy('timestamp', 'desc')
      .execute();
    const newest = mine
      .slice(-Math.min(5, mine.length))
      .reverse()
      .map((e) => e.user_id);
    expect(occurrences.map((o) => o.user_id)).toEqual(newest);
  }
}
