import { type Kysely, sql } from 'kysely';

// One row per process per sample slot (MONITORING_SAMPLE_INTERVAL_MS, a minute by default): what
// the monitoring and performance routes compute their figures from. Older replicas never read or
// write it, so they run unaffected while it exists.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE IF NOT EXISTS monitoring_samples (
      instance_id text NOT NULL,
      slot timestamptz NOT NULL,
      recorded_at timestamptz NOT NULL,
      interval_ms integer NOT NULL,
      host text NOT NULL,
      roles text[] NOT NULL,
      cpu_percent double precision NOT NULL,
      heap_used_bytes bigint NOT NULL,
      rss_bytes bigint NOT NULL,
      memory_limit_bytes bigint NOT NULL,
      event_loop_delay_ms double precision NOT NULL,
      event_loop_delay_p99_ms double precision NOT NULL,
      disk_used_bytes bigint,
      disk_size_bytes bigint,
      postgres_ok boolean NOT NULL,
      postgres_latency_ms double precision,
      redis_ok boolean NOT NULL,
      redis_latency_ms double precision,
      -- The API's figures over the slot; null in processes that run no API.
      requests integer,
      errors_5xx integer,
      duration_sum_ms double precision,
      latency_buckets jsonb,
      apdex_satisfied integer,
      apdex_tolerating integer,
      open_connections integer,
      bytes_in bigint,
      bytes_out bigint,
      PRIMARY KEY (instance_id, slot)
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS monitoring_samples_slot_idx ON monitoring_samples (slot)`.execute(db);
  // Whether a role ever sampled is asked every 30 s; without it, a role that never ran means a full scan.
  await sql`CREATE INDEX IF NOT EXISTS monitoring_samples_roles_idx ON monitoring_samples USING gin (roles)`.execute(db);
}
