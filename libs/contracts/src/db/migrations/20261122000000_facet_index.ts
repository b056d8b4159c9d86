import { type Kysely, sql } from 'kysely';

// One covering index for every list filter (status, project, environment, level, source), so the
// list's `total` is an index-only count even over a million groups; it makes the three
// single-column filter indexes redundant, and each index dropped is one less write per upsert.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX IF NOT EXISTS errors_facets_idx ON errors (status, project, environment, level, source)`.execute(db);
  await sql`DROP INDEX IF EXISTS errors_environment_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS errors_source_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS errors_level_idx`.execute(db);
}
