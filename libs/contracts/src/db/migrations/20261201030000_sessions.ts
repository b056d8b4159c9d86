import { type Kysely, sql } from 'kysely';

// Dashboard sessions: a random cookie token exchanged for an API key (only the token's SHA-256 is
// kept). The session holds the key's hash, so every request re-resolves the key: a revoked key, a
// disabled or removed member ends it. Deleting the key row deletes its sessions.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS sessions (
      id bigserial PRIMARY KEY,
      token_hash bytea NOT NULL UNIQUE,
      key_hash bytea NOT NULL,
      key_id bigint REFERENCES api_keys (id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS sessions_expires_idx ON sessions (expires_at)`.execute(db);
}
