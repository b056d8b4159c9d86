import { type Kysely, sql } from 'kysely';

// Alert rules, their firings' deliveries, integrations (channel configs), incidents, and the
// per-minute event counts threshold rules read (a few rows per ingest batch).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS event_minutes (
      minute timestamptz NOT NULL,
      project text NOT NULL,
      environment text NOT NULL,
      level text NOT NULL,
      -- Each worker process writes its own shard, so concurrent batches never wait on one row.
      shard smallint NOT NULL,
      count bigint NOT NULL,
      PRIMARY KEY (minute, project, environment, level, shard)
    )`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS alert_rules (
      id bigserial PRIMARY KEY,
      name text NOT NULL,
      kind text NOT NULL CHECK (kind IN ('threshold', 'new_error', 'regression')),
      threshold integer,
      window_minutes integer,
      project text,
      environment text,
      level text,
      notifications text[] NOT NULL DEFAULT '{}',
      recipients text[] NOT NULL DEFAULT '{}',
      incident_severity text CHECK (incident_severity IN ('low', 'medium', 'high', 'critical')),
      enabled boolean NOT NULL DEFAULT true,
      state text NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'firing')),
      firing_count integer NOT NULL DEFAULT 0,
      last_count bigint,
      last_evaluated timestamptz,
      last_triggered timestamptz,
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS incidents (
      id bigserial PRIMARY KEY,
      title text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('low', 'medium', 'high', 'critical')),
      status text NOT NULL DEFAULT 'investigating' CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
      description text NOT NULL DEFAULT '',
      assigned_to text,
      rule_id bigint REFERENCES alert_rules (id) ON DELETE SET NULL,
      error_ids bigint[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS incidents_open_rule_idx ON incidents (rule_id) WHERE status <> 'resolved'`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS integrations (
      name text PRIMARY KEY,
      config jsonb NOT NULL,
      enabled boolean NOT NULL DEFAULT true,
      last_test timestamptz,
      last_error text,
      last_success timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // One row per (rule, firing, channel, event): claimed under a lease, sent at least once, never twice.
  await sql`
    CREATE TABLE IF NOT EXISTS alert_deliveries (
      id bigserial PRIMARY KEY,
      rule_id bigint REFERENCES alert_rules (id) ON DELETE CASCADE,
      firing text NOT NULL,
      channel text NOT NULL,
      event text NOT NULL CHECK (event IN ('firing', 'resolved', 'new_error', 'regression', 'test')),
      payload jsonb NOT NULL,
      state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'held', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      claimed_by text,
      claimed_until timestamptz,
      last_error text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  // Test sends have no rule; coalesce keeps them unique too (PostgreSQL 13 has no NULLS NOT DISTINCT).
  await sql`
    CREATE UNIQUE INDEX IF NOT EXISTS alert_deliveries_once_idx
      ON alert_deliveries (coalesce(rule_id, 0), firing, channel, event)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS alert_deliveries_due_idx ON alert_deliveries (next_attempt_at) WHERE state = 'pending'`.execute(
    db,
  );
  await sql`CREATE INDEX IF NOT EXISTS alert_deliveries_held_idx ON alert_deliveries (channel, next_attempt_at) WHERE state = 'held'`.execute(
    db,
  );
}
