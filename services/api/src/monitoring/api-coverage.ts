import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';

export interface ApiCoverage {
  /** Slots since `from` in which an API instance sampled. */
  readonly slots: number;
  readonly intervalMs: number | null;
}

/** The minutes the API's samples cover since `from`: what per-minute rates divide by. */
export async function apiCoverage(db: Db, from: Date): Promise<ApiCoverage> {
  const { rows } = await sql<ApiCoverage>`
    SELECT count(DISTINCT slot)::int AS slots, avg(interval_ms)::float8 AS "intervalMs"
    FROM monitoring_samples WHERE slot >= ${from} AND requests IS NOT NULL`.execute(db);
  return rows[0] ?? { slots: 0, intervalMs: null };
}

export function coveredMinutes(coverage: ApiCoverage): number {
  return coverage.intervalMs === null ? 0 : (coverage.slots * coverage.intervalMs) / 60_000;
}
