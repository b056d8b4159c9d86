import { overallHealth } from '../monitoring/health-rules';
import type { RequestPerformance } from '../monitoring/request-performance';
import type { ServiceHealth } from '../monitoring/service-health';
import type { InstanceFigures, SystemMetrics } from '../monitoring/system-metrics';
import type { UptimeHistory } from '../monitoring/uptime-history';

/** Figures are shown to 2 decimals; integers stay as they are. */
function round(value: number | null, digits = 2): number | null {
  if (value === null) return null;
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Rounds every number inside `value` (details objects of any shape); dates become ISO strings. */
function roundFigures(value: unknown): unknown {
  if (typeof value === 'number') return round(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(roundFigures);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, roundFigures(inner)]));
  return value;
}

const iso = (at: Date | null) => (at === null ? null : at.toISOString());

export function presentServices(services: readonly ServiceHealth[]) {
  return {
    services: services.map((service) => ({
      name: service.name,
      status: service.status,
      uptime_percent: round(service.uptimePercent),
      response_time_ms: round(service.responseTimeMs),
      last_checked: iso(service.lastChecked),
      details: roundFigures(service.details),
    })),
    overall_health: overallHealth(services.map((service) => service.status)),
  };
}

function presentInstance(instance: InstanceFigures) {
  const minutes = (instance.api_samples * instance.interval_ms) / 60_000;
  return {
    instance_id: instance.instance_id,
    host: instance.host,
    roles: instance.roles,
    live: instance.live,
    samples: instance.samples,
    first_sample: iso(instance.first_sample),
    last_sample: iso(instance.last_sample),
    cpu_usage_percent: round(instance.cpu_percent),
    memory_usage_percent: round(instance.memory_percent),
    rss_bytes: instance.rss_bytes,
    heap_used_bytes: instance.heap_used_bytes,
    event_loop_delay_ms: round(instance.event_loop_delay_ms),
    event_loop_delay_p99_ms: round(instance.event_loop_delay_p99_ms),
    disk_usage_percent: round(instance.disk_percent),
    requests: instance.requests,
    errors_5xx: instance.errors_5xx,
    requests_per_minute: instance.requests === null || minutes === 0 ? null : round(instance.requests / minutes),
    network_io: instance.requests === null ? null : { bytes_in: instance.bytes_in, bytes_out: instance.bytes_out },
    open_connections: instance.open_connections,
  };
}

export function presentMetrics(timeframe: string, metrics: SystemMetrics) {
  return {
    timeframe,
    from: metrics.from.toISOString(),
    cpu_usage_percent: round(metrics.cpuPercent),
    memory_usage_percent: round(metrics.memoryPercent),
    disk_usage_percent: round(metrics.diskPercent),
    network_io: { bytes_in: metrics.bytesIn, bytes_out: metrics.bytesOut },
    active_connections: metrics.activeConnections,
    requests_per_minute: round(metrics.requestsPerMinute),
    instances: metrics.instances.map(presentInstance),
  };
}

export function presentUptime(uptime: UptimeHistory) {
  return {
    current_uptime_hours: round(uptime.currentUptimeHours, 3),
    uptime_percent_24h: round(uptime.percent24h),
    uptime_percent_7d: round(uptime.percent7d),
    uptime_percent_30d: round(uptime.percent30d),
    incidents_count: uptime.incidents,
    last_downtime: iso(uptime.lastDowntime),
  };
}

export function presentPerformance(timeframe: string, performance: RequestPerformance) {
  return {
    timeframe,
    requests: performance.requests,
    avg_response_time: round(performance.avgResponseMs),
    p95_response_time: round(performance.p95Ms),
    p99_response_time: round(performance.p99Ms),
    error_rate_percent: round(performance.errorRatePercent),
    throughput_rpm: round(performance.throughputRpm),
    availability_percent: round(performance.availabilityPercent),
    performance_score: round(performance.performanceScore, 1),
  };
}
