import { type Kysely, sql } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.
export async function up(db: Kysely<unknown>): Promise<void> {
  // The notifier's dedupe record: one row per (group, event), written before the stream entry is acked.
  await sql`
    CREATE TABLE IF NOT EXISTS notifications (
      error_id bigint NOT NULL REFERENCES errors (id) ON DELETE CASCADE,
      event_id uuid NOT NULL,
      kind varchar(12) NOT NULL CHECK (kind IN ('new', 'regression')),
      state varchar(10) NOT NULL CHECK (state IN ('sending', 'queued', 'sent', 'failed')),
      stream_id text NOT NULL,
      owner text,
      lease_until timestamptz,
      queued_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      PRIMARY KEY (error_id, event_id)
    )`.execute(db);
  await sql`
    CREATE INDEX IF NOT EXISTS notifications_queued_idx
      ON notifications (queued_at) WHERE state = 'queued'`.execute(db);
  await sql`
    CREATE INDEX IF NOT EXISTS notifications_finished_idx
      ON notifications (created_at) WHERE state IN ('sent', 'failed')`.execute(db);

  // Deleting a group cascades to its outbox rows: without this index every deleted group scans the outbox.
  await sql`CREATE INDEX IF NOT EXISTS outbox_error_id_idx ON outbox (error_id)`.execute(db);
}
