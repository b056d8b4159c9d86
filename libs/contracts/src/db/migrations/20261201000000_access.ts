import { type Kysely, sql } from 'kysely';

// Team members, their invitations, API keys (stored as SHA-256 only) and the audit log.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS members (
      id bigserial PRIMARY KEY,
      name text NOT NULL DEFAULT '',
      email text NOT NULL,
      role text NOT NULL CHECK (role IN ('owner', 'admin', 'developer', 'viewer')),
      status text NOT NULL CHECK (status IN ('invited', 'active', 'disabled')),
      last_active timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE UNIQUE INDEX IF NOT EXISTS members_email_idx ON members (lower(email))`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS invitations (
      id bigserial PRIMARY KEY,
      member_id bigint NOT NULL REFERENCES members (id) ON DELETE CASCADE,
      token_hash bytea NOT NULL UNIQUE,
      expires_at timestamptz NOT NULL,
      accepted_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS api_keys (
      id bigserial PRIMARY KEY,
      name text NOT NULL,
      key_hash bytea NOT NULL UNIQUE,
      last4 text NOT NULL,
      permissions text[] NOT NULL,
      member_id bigint REFERENCES members (id) ON DELETE SET NULL,
      expires_at timestamptz,
      last_used timestamptz,
      revoked_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS api_keys_member_idx ON api_keys (member_id)`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS audit_log (
      id bigserial PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_key_id bigint,
      actor_member_id bigint,
      actor text NOT NULL,
      action text NOT NULL,
      target_type text NOT NULL,
      target_id text,
      details jsonb,
      client_ip text
    )`.execute(db);
}
