import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';
import { ROLE_NAMES, type RoleName } from '@error-tracker/contracts/monitoring';
import { HEALTH_RULES } from './health-rules';
import type { SlotWindow } from './slot-window';

export interface InstanceState {
  readonly instance_id: string;
  readonly host: string;
  readonly roles: string[];
  readonly recorded_at: Date;
  readonly cpu_percent: number;
  readonly event_loop_delay_p99_ms: number;
  readonly requests: number | null;
  readonly duration_sum_ms: number | null;
  /** Its newest sample is younger than `liveIntervals` of its intervals. */
  readonly live: boolean;
}

/** Each instance's newest sample of the last day. */
export async function latestSamples(db: Db): Promise<InstanceState[]> {
  const { rows } = await sql<InstanceState>`
    SELECT DISTINCT ON (instance_id) instance_id, host, roles, recorded_at, cpu_percent, event_loop_delay_p99_ms,
           requests, duration_sum_ms,
           recorded_at > now() - make_interval(secs => interval_ms * ${HEALTH_RULES.liveIntervals}::float8 / 1000) AS live
    FROM monitoring_samples
    WHERE slot >= now() - interval '1 day'
    ORDER BY instance_id, slot DESC`.execute(db);
  return rows;
}

/** The roles that recorded a sample in the kept history. */
export async function rolesSeen(db: Db): Promise<Set<RoleName>> {
  const { rows } = await sql<{ role: RoleName }>`
    SELECT role FROM unnest(${[...ROLE_NAMES]}::text[]) AS role
    WHERE EXISTS (SELECT 1 FROM monitoring_samples WHERE roles @> ARRAY[role])`.execute(db);
  return new Set(rows.map((row) => row.role));
}

export interface RoleCoverage {
  /** Slots of the window in which the role sampled. */
  readonly slots: number;
  /** Of those, slots in which Redis answered it. */
  readonly redisSlots: number;
}

/** Per role, the window's slots it recorded a sample in. */
export async function roleCoverage(db: Db, window: SlotWindow): Promise<Map<string, RoleCoverage>> {
  const { rows } = await sql<{ role: string; slots: number; redis_slots: number }>`
    SELECT role, count(DISTINCT slot)::int AS slots, count(DISTINCT slot) FILTER (WHERE redis_ok)::int AS redis_slots
    FROM monitoring_samples, unnest(roles) AS role
    WHERE slot >= ${window.from} AND slot < ${window.until}
    GROUP BY role`.execute(db);
  return new Map(rows.map((row) => [row.role, { slots: row.slots, redisSlots: row.redis_slots }]));
}

export interface DependencyShares {
  readonly samples: number;
  readonly postgresOk: number;
  readonly redisOk: number;
}

/** How many of the window's samples (every process) found PostgreSQL and Redis answering. */
export async function dependencyShares(db: Db, window: SlotWindow): Promise<DependencyShares> {
  const { rows } = await sql<DependencyShares>`
    SELECT count(*)::int AS samples,
           count(*) FILTER (WHERE postgres_ok)::int AS "postgresOk",
           count(*) FILTER (WHERE redis_ok)::int AS "redisOk"
    FROM monitoring_samples
    WHERE slot >= ${window.from} AND slot < ${window.until}`.execute(db);
  return rows[0] ?? { samples: 0, postgresOk: 0, redisOk: 0 };
}
