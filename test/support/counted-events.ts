import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';
import { waitFor } from './wait-for';

export interface CountedEvents {
  /** Accepted ids not in ingest_dedupe. */
  readonly missing: readonly string[];
  /** Event ids in ingest_dedupe: each event id counted. */
  readonly ingested: number;
  /** sum(errors.count), read in the same snapshot: equal to `ingested` unless an event was counted twice. */
  readonly summed: number;
}

/** Joins the ids the API answered 2xx against ingest_dedupe, and compares the groups' counts with it. */
export async function countedEvents(db: Db, acceptedIds: readonly string[]): Promise<CountedEvents> {
  const { rows } = await sql<{ missing: string[] | null; ingested: number; summed: number }>`
    SELECT (SELECT array_agg(id) FROM unnest(${acceptedIds}::uuid[]) AS a(id)
             WHERE NOT EXISTS (SELECT 1 FROM ingest_dedupe e WHERE e.event_id = a.id)) AS missing,
           (SELECT count(DISTINCT event_id)::int FROM ingest_dedupe) AS ingested,
           (SELECT coalesce(sum(count), 0)::int FROM error_totals) AS summed`.execute(db);
  const row = rows[0];
  return { missing: row?.missing ?? [], ingested: row?.ingested ?? 0, summed: row?.summed ?? 0 };
}

/** Waits until every accepted id is counted; fails naming how many are still missing. */
export async function waitUntilCounted(db: Db, acceptedIds: readonly string[], timeoutMs: number): Promise<CountedEvents> {
  let last: CountedEvents | undefined;
  try {
    return await waitFor(
      `${acceptedIds.length} accepted events counted`,
      async () => {
        last = await countedEvents(db, acceptedIds);
        return last.missing.length === 0 ? last : undefined;
      },
      { timeoutMs, intervalMs: 250 },
    );
  } catch (error) {
    const missing = last ? `; still missing ${last.missing.length}: ${last.missing.slice(0, 5).join(', ')}` : '';
    throw new Error(`${error instanceof Error ? error.message : String(error)}${missing}`, { cause: error });
  }
}
