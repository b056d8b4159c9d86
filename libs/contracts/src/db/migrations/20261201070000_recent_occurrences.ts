import { type Kysely, sql } from 'kysely';

// A group's newest five occurrences (by timestamp, then arrival), one row per slot (0–4): an event
// that makes the five takes the slot of one that no longer does, so each batch updates a group's rows
// in place (a HOT update: no index entry, no trim, the old version pruned on its page without VACUUM)
// instead of inserting into error_occurrences and deleting what falls past the fifth. Ids come from error_occurrences' sequence,
// so the two tables never share one.
//
// error_occurrences stays: workers of the previous version write it during a rolling upgrade, and it
// holds what was received before this migration until retention drops its partitions. The API reads
// the newest five of both.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The same columns as error_occurrences (its id default, from the shared sequence, included), plus the slot.
  await sql`
    CREATE TABLE IF NOT EXISTS recent_occurrences (
      LIKE error_occurrences INCLUDING DEFAULTS,
      slot smallint NOT NULL CHECK (slot BETWEEN 0 AND 4),
      PRIMARY KEY (error_id, slot),
      FOREIGN KEY (error_id) REFERENCES errors (id) ON DELETE CASCADE
    ) WITH (fillfactor = 80)`.execute(db);
}
