import { type Kysely, sql } from 'kysely';

// Counts of busy groups gathered beside the group row. Rewriting the wide, many-indexed `errors` row
// on every batch (never a HOT update: count and last_seen are in sort indexes) was a third of a
// batch's cost; a busy group's events are added here instead, to a narrow row whose updates touch
// no indexed column (HOT, room kept by the fillfactor), and folded into `errors` after a few seconds.
// The exact count is `errors.count + pending` at every commit; `error_totals` reads it.
// Workers of the previous version keep adding to `errors.count` directly, which stays exact with it.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS error_tallies (
      error_id bigint PRIMARY KEY REFERENCES errors (id) ON DELETE CASCADE,
      pending bigint NOT NULL,
      last_seen timestamptz NOT NULL,
      since timestamptz NOT NULL DEFAULT now()
    ) WITH (fillfactor = 50)`.execute(db);
  await sql`
    CREATE OR REPLACE VIEW error_totals AS
    SELECT e.id AS error_id, e.count + coalesce(t.pending, 0) AS count, greatest(e.last_seen, t.last_seen) AS last_seen
    FROM errors e LEFT JOIN error_tallies t ON t.error_id = e.id`.execute(db);
}
