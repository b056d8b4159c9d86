import { type Kysely, sql } from 'kysely';

// Search text lives beside the groups, written once when a group is created: the trigram (GIN)
// index then no longer takes a new entry on every count bump of `errors`, which was a quarter of
// the ingest upsert's cost. One document per group ("<exception_type> <message>"), one index.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS error_search (
      error_id bigint PRIMARY KEY REFERENCES errors (id) ON DELETE CASCADE,
      document text NOT NULL
    )`.execute(db);
  await sql`
    INSERT INTO error_search (error_id, document)
    SELECT id, exception_type || ' ' || message FROM errors
    ON CONFLICT (error_id) DO NOTHING`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS error_search_document_trgm_idx ON error_search USING gin (document gin_trgm_ops)`.execute(
    db,
  );
  await sql`DROP INDEX IF EXISTS errors_message_trgm_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS errors_exception_type_trgm_idx`.execute(db);
}
