import { sql, type Transaction } from 'kysely';
import type { Database } from '@error-tracker/contracts/db/schema';
import type { PreparedEvent } from '../pipeline/batch-types';
import { arrayLiteral } from './array-param';

/**
 * Records every event id in ingest_dedupe, in the partition of the day it was received; answers the
 * ids not seen before. A redelivered or replayed job carries the same received_at, so it meets its
 * first copy in one partition, whose UNIQUE (event_id) settles it even while that copy's transaction
 * is in flight. A copy sent again by its client (received anew) is also looked for in the day
 * before and after, and in the pre-partitioning table, which workers of the previous version may
 * still write during an upgrade. Sorted, so concurrent claims cannot deadlock.
 */
export async function claimEventIds(trx: Transaction<Database>, events: readonly PreparedEvent[]): Promise<Set<string>> {
  const ids = events.map((e) => e.event.event_id);
  const times = events.map((e) => e.event.received_at);
  // Answers the ids that are not fresh, normally none: 500 rows back per batch were a tenth of the worker's allocation.
  const { rows } = await sql<{ event_id: string }>`
    WITH given AS (
      SELECT * FROM unnest(${arrayLiteral(ids)}::uuid[], ${arrayLiteral(times)}::timestamptz[]) AS x(event_id, received_at)
    ), claimed AS (
      INSERT INTO ingest_dedupe (received_at, event_id)
      SELECT received_at, event_id FROM given
      ORDER BY event_id
      ON CONFLICT DO NOTHING
      RETURNING event_id, date_trunc('day', received_at, 'UTC') AS day
    ), fresh AS (
      SELECT c.event_id FROM claimed c
      WHERE NOT EXISTS (
          SELECT 1 FROM ingest_dedupe d
          WHERE d.event_id = c.event_id AND d.received_at >= c.day - interval '1 day' AND d.received_at < c.day + interval '2 days')
        AND NOT EXISTS (SELECT 1 FROM ingested_events l WHERE l.event_id = c.event_id)
    )
    SELECT event_id FROM given EXCEPT SELECT event_id FROM fresh`.execute(trx);
  const seen = new Set(rows.map((row) => row.event_id));
  return new Set(ids.filter((id) => !seen.has(id)));
}
