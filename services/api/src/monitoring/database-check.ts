import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';
import { timedCheck } from '@error-tracker/runtime/monitoring/dependency-checks';
import { HEALTH_RULES } from './health-rules';

export interface DatabaseCheck {
  readonly checkedAt: Date;
  readonly answered: boolean;
  /** Round trip of `SELECT 1`. */
  readonly latencyMs: number | null;
  /** Client connections open on the server, and the server's limit. */
  readonly connections: number | null;
  readonly maxConnections: number | null;
}

/** Measures PostgreSQL now: a timed `SELECT 1`, then its connections against max_connections. */
export async function checkDatabase(db: Db): Promise<DatabaseCheck> {
  const checkedAt = new Date();
  const ping = await timedCheck(() => sql`SELECT 1`.execute(db), HEALTH_RULES.checkTimeoutMs);
  if (!ping.ok) return { checkedAt, answered: false, latencyMs: null, connections: null, maxConnections: null };
  let usage: { connections: number; max_connections: number } | undefined;
  await timedCheck(async () => {
    const { rows } = await sql<{ connections: number; max_connections: number }>`
      SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend')::int AS connections,
             current_setting('max_connections')::int AS max_connections`.execute(db);
    usage = rows[0];
  }, HEALTH_RULES.checkTimeoutMs);
  return {
    checkedAt,
    answered: true,
    latencyMs: ping.latencyMs,
    connections: usage?.connections ?? null,
    maxConnections: usage?.max_connections ?? null,
  };
}
