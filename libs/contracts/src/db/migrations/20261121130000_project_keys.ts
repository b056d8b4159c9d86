import { type Kysely, sql } from 'kysely';

// Every project gets the public key of its DSN (Sentry SDKs authenticate with it).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE projects
      ADD COLUMN IF NOT EXISTS public_key char(32) NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '')`.execute(db);
  await sql`CREATE UNIQUE INDEX IF NOT EXISTS projects_public_key_idx ON projects (public_key)`.execute(db);
}
