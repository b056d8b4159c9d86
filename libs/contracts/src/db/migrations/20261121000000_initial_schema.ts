import { type Kysely, sql } from 'kysely';

// Migrations never import application code: they describe the schema as it was on their date.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS projects (
      id bigserial PRIMARY KEY,
      name varchar(100) NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS errors (
      id bigserial PRIMARY KEY,
      fingerprint char(32) NOT NULL UNIQUE,
      project varchar(100) NOT NULL,
      environment varchar(50) NOT NULL,
      exception_type varchar(200) NOT NULL,
      message text NOT NULL,
      traceback text,
      frames jsonb NOT NULL DEFAULT '[]',
      level varchar(10) NOT NULL,
      source varchar(50) NOT NULL,
      culprit text,
      count bigint NOT NULL DEFAULT 0,
      first_seen timestamptz NOT NULL,
      last_seen timestamptz NOT NULL,
      status varchar(10) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'ignored')),
      previous_status varchar(10),
      resolved_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);

  // One index per list filter and sort of GET /api/errors, trigram indexes for search.
  const errorIndexes: Array<[string, string]> = [
    ['errors_last_seen_idx', '(last_seen DESC, id DESC)'],
    ['errors_first_seen_idx', '(first_seen DESC, id DESC)'],
    ['errors_count_idx', '(count DESC, id DESC)'],
    ['errors_project_last_seen_idx', '(project, last_seen DESC)'],
    ['errors_environment_idx', '(environment)'],
    ['errors_status_last_seen_idx', '(status, last_seen DESC)'],
    ['errors_source_idx', '(source)'],
    ['errors_level_idx', '(level)'],
    ['errors_resolved_at_idx', "(resolved_at) WHERE status = 'resolved'"],
    ['errors_message_trgm_idx', 'USING gin (message gin_trgm_ops)'],
    ['errors_exception_type_trgm_idx', 'USING gin (exception_type gin_trgm_ops)'],
  ];
  for (const [name, definition] of errorIndexes) {
    await sql.raw(`CREATE INDEX IF NOT EXISTS ${name} ON errors ${definition}`).execute(db);
  }

  await sql`
    CREATE TABLE IF NOT EXISTS error_occurrences (
      id bigserial PRIMARY KEY,
      error_id bigint NOT NULL REFERENCES errors (id) ON DELETE CASCADE,
      event_id uuid NOT NULL,
      timestamp timestamptz NOT NULL,
      received_at timestamptz NOT NULL,
      environment varchar(50) NOT NULL,
      message text NOT NULL,
      level varchar(10) NOT NULL,
      release varchar(200),
      request_url text,
      request_method varchar(16),
      request_headers jsonb,
      user_id varchar(200),
      extra jsonb,
      source_context jsonb,
      client_ip varchar(64),
      user_agent text
    )`.execute(db);
  await sql`
    CREATE INDEX IF NOT EXISTS error_occurrences_error_newest_idx
      ON error_occurrences (error_id, timestamp DESC, id DESC)`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS error_counts (
      error_id bigint NOT NULL REFERENCES errors (id) ON DELETE CASCADE,
      hour timestamptz NOT NULL,
      level varchar(10) NOT NULL,
      count bigint NOT NULL,
      PRIMARY KEY (error_id, hour, level)
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS error_counts_hour_idx ON error_counts (hour)`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS ingested_events (
      event_id uuid PRIMARY KEY,
      ingested_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS ingested_events_ingested_at_idx ON ingested_events (ingested_at)`.execute(db);

  await sql`
    CREATE TABLE IF NOT EXISTS outbox (
      id bigserial PRIMARY KEY,
      error_id bigint NOT NULL REFERENCES errors (id) ON DELETE CASCADE,
      event_id uuid NOT NULL,
      kind varchar(12) NOT NULL CHECK (kind IN ('new', 'regression')),
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS outbox_unsent_idx ON outbox (id) WHERE sent_at IS NULL`.execute(db);
}
