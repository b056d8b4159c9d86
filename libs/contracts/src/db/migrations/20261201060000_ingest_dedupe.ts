import { type Kysely, sql } from 'kysely';

// The exactly-once record of ingest, range-partitioned by `received_at` (one partition a UTC day) so
// that retention drops a day at once. The API stamps `received_at` once and every redelivery, retry
// or spool replay of the event carries it unchanged: the copies of one job always meet in one
// partition. PostgreSQL cannot make event_id unique across partitions, so every partition (this
// default one, and each day's, created by the partition maintenance) has a UNIQUE (event_id) of its
// own, which INSERT … ON CONFLICT DO NOTHING (no conflict target) honours; a worker looks for the
// id in the day before and after as well (copies of an event sent twice by a client, around midnight).
//
// `ingested_events` stays for workers of the previous version during a rolling upgrade: they still
// claim their events there (ON CONFLICT (event_id), which a partitioned table cannot serve). This
// trigger claims each of them in ingest_dedupe too, under the time of the claim, and drops the row
// (their worker then skips the event as a duplicate) when a current worker has claimed it already.
// Current workers look into ingested_events for what was claimed before this migration.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS ingest_dedupe (
      received_at timestamptz NOT NULL,
      event_id uuid NOT NULL
    ) PARTITION BY RANGE (received_at)`.execute(db);
  await sql`CREATE TABLE IF NOT EXISTS ingest_dedupe_default PARTITION OF ingest_dedupe DEFAULT`.execute(db);
  await sql`CREATE UNIQUE INDEX IF NOT EXISTS ingest_dedupe_default_event_id_key ON ingest_dedupe_default (event_id)`.execute(db);

  await sql`
    CREATE OR REPLACE FUNCTION ingested_events_to_dedupe() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      claimed integer;
      today timestamptz := date_trunc('day', now(), 'UTC');
    BEGIN
      INSERT INTO ingest_dedupe (received_at, event_id) VALUES (now(), NEW.event_id) ON CONFLICT DO NOTHING;
      GET DIAGNOSTICS claimed = ROW_COUNT;
      IF claimed = 0 OR EXISTS (
        SELECT 1 FROM ingest_dedupe d
        WHERE d.event_id = NEW.event_id
          AND d.received_at >= today - interval '1 day' AND d.received_at < today + interval '2 days'
          AND (d.received_at < today OR d.received_at >= today + interval '1 day')
      ) THEN
        RETURN NULL;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`DROP TRIGGER IF EXISTS ingested_events_to_dedupe ON ingested_events`.execute(db);
  await sql`
    CREATE TRIGGER ingested_events_to_dedupe BEFORE INSERT ON ingested_events
    FOR EACH ROW EXECUTE FUNCTION ingested_events_to_dedupe()`.execute(db);
}
