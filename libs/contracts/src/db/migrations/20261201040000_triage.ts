import { type Kysely, sql } from 'kysely';

// Triage: a group's assignee (a member; unassigned when the member is removed) and its comments.
// The new column is nullable without a default, so adding it rewrites nothing.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE errors ADD COLUMN IF NOT EXISTS assignee_member_id bigint REFERENCES members (id) ON DELETE SET NULL`.execute(
    db,
  );
  await sql`CREATE INDEX IF NOT EXISTS errors_assignee_idx ON errors (assignee_member_id) WHERE assignee_member_id IS NOT NULL`.execute(
    db,
  );

  await sql`
    CREATE TABLE IF NOT EXISTS comments (
      id bigserial PRIMARY KEY,
      error_id bigint NOT NULL REFERENCES errors (id) ON DELETE CASCADE,
      member_id bigint REFERENCES members (id) ON DELETE SET NULL,
      author text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS comments_error_idx ON comments (error_id, id)`.execute(db);
}
