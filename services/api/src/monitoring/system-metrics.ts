import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';
import { slotStart } from '@error-tracker/runtime/monitoring/slots';
import { apiCoverage, coveredMinutes } from './api-coverage';
import { HEALTH_RULES } from './health-rules';

export interface InstanceFigures {
  readonly instance_id: string;
  readonly host: string;
  readonly roles: string[];
  readonly samples: number;
  readonly api_samples: number;
  readonly first_sample: Date;
  readonly last_sample: Date;
  readonly live: boolean;
  readonly interval_ms: number;
  readonly cpu_percent: number;
  readonly memory_percent: number;
  readonly rss_bytes: number;
  readonly heap_used_bytes: number;
  readonly event_loop_delay_ms: number;
  readonly event_loop_delay_p99_ms: number;
  readonly disk_percent: number | null;
  readonly requests: number | null;
  readonly errors_5xx: number | null;
  readonly bytes_in: number | null;
  readonly bytes_out: number | null;
  readonly open_connections: number | null;
}

export interface SystemMetrics {
  readonly from: Date;
  readonly cpuPercent: number | null;
  readonly memoryPercent: number | null;
  readonly diskPercent: number | null;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly activeConnections: number;
  readonly requestsPerMinute: number | null;
  readonly instances: InstanceFigures[];
}

/** Each process's figures over the timeframe's samples, newest-sample values where a level is asked. */
async function instanceFigures(db: Db, from: Date): Promise<InstanceFigures[]> {
  const newest = (column: string) =>
    sql`(array_agg(${sql.ref(column)} ORDER BY slot DESC) FILTER (WHERE ${sql.ref(column)} IS NOT NULL))[1]`;
  const { rows } = await sql<InstanceFigures>`
    SELECT instance_id, host, roles,
           count(*)::int AS samples,
           count(requests)::int AS api_samples,
           min(slot) AS first_sample,
           max(recorded_at) AS last_sample,
           max(recorded_at) > now() - make_interval(secs => max(interval_ms) * ${HEALTH_RULES.liveIntervals}::float8 / 1000) AS live,
           max(interval_ms) AS interval_ms,
           avg(cpu_percent)::float8 AS cpu_percent,
           avg(100.0 * rss_bytes / memory_limit_bytes)::float8 AS memory_percent,
           ${newest('rss_bytes')} AS rss_bytes,
           ${newest('heap_used_bytes')} AS heap_used_bytes,
           avg(event_loop_delay_ms)::float8 AS event_loop_delay_ms,
           max(event_loop_delay_p99_ms)::float8 AS event_loop_delay_p99_ms,
           (array_agg(100.0 * disk_used_bytes / disk_size_bytes ORDER BY slot DESC) FILTER (WHERE disk_size_bytes > 0))[1]::float8 AS disk_percent,
           sum(requests)::float8 AS requests,
           sum(errors_5xx)::float8 AS errors_5xx,
           sum(bytes_in)::float8 AS bytes_in,
           sum(bytes_out)::float8 AS bytes_out,
           ${newest('open_connections')} AS open_connections
    FROM monitoring_samples
    WHERE slot >= ${from}
    GROUP BY instance_id, host, roles
    ORDER BY min(slot), instance_id`.execute(db);
  return rows;
}

/** Averages weighted by each instance's samples; null with none. */
function sampleWeighted(instances: readonly InstanceFigures[], pick: (i: InstanceFigures) => number): number | null {
  const samples = instances.reduce((sum, i) => sum + i.samples, 0);
  return samples === 0 ? null : instances.reduce((sum, i) => sum + pick(i) * i.samples, 0) / samples;
}

const sum = (instances: readonly InstanceFigures[], pick: (i: InstanceFigures) => number | null) =>
  instances.reduce((total, i) => total + (pick(i) ?? 0), 0);

/** The figures of the last `spanMs` (from the start of its first slot) across every process, and per process. */
export async function readSystemMetrics(db: Db, spanMs: number, intervalMs: number): Promise<SystemMetrics> {
  const from = new Date(slotStart(Date.now() - spanMs, intervalMs));
  const [instances, coverage] = await Promise.all([instanceFigures(db, from), apiCoverage(db, from)]);
  const disks = instances.flatMap((i) => (i.disk_percent === null ? [] : [i.disk_percent]));
  const minutes = coveredMinutes(coverage);
  return {
    from,
    cpuPercent: sampleWeighted(instances, (i) => i.cpu_percent),
    memoryPercent: sampleWeighted(instances, (i) => i.memory_percent),
    diskPercent: disks.length === 0 ? null : Math.max(...disks),
    bytesIn: sum(instances, (i) => i.bytes_in),
    bytesOut: sum(instances, (i) => i.bytes_out),
    activeConnections: sum(
      instances.filter((i) => i.live),
      (i) => i.open_connections,
    ),
    requestsPerMinute: minutes === 0 ? null : sum(instances, (i) => i.requests) / minutes,
    instances,
  };
}
