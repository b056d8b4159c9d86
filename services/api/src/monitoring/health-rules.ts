export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy' | 'unknown';

/** The limits behind every status (docs/monitoring.md tabulates them). */
export const HEALTH_RULES = {
  /** A check that takes longer has failed: unhealthy. */
  checkTimeoutMs: 2_000,
  /** PostgreSQL or Redis answering slower than this: degraded. */
  slowAnswerMs: 100,
  /** PostgreSQL connections at this share of max_connections: degraded. */
  connectionsShare: 0.8,
  /** Redis memory at this share of its maxmemory: degraded. */
  memoryShare: 0.9,
  /** The oldest waiting ingest job: older than the first, degraded; than the second, unhealthy. */
  queueWaitDegradedSeconds: 30,
  queueWaitUnhealthySeconds: 300,
  /** A live instance whose newest sample shows more: degraded. */
  eventLoopP99Ms: 200,
  cpuPercent: 90,
  /** An instance is live while its newest sample is younger than this many of its intervals. */
  liveIntervals: 2.5,
} as const;

export interface DependencyFigures {
  readonly answered: boolean;
  readonly latencyMs: number | null;
  /** Usage against its limit, e.g. connections / max_connections; undefined when there is no limit. */
  readonly usedShare?: number;
  readonly usedShareLimit: number;
}

/** PostgreSQL and Redis: unhealthy when they do not answer, degraded when slow or near their limit. */
export function dependencyStatus(figures: DependencyFigures): HealthStatus {
  if (!figures.answered) return 'unhealthy';
  if ((figures.latencyMs ?? 0) > HEALTH_RULES.slowAnswerMs) return 'degraded';
  if (figures.usedShare !== undefined && figures.usedShare >= figures.usedShareLimit) return 'degraded';
  return 'healthy';
}

export interface QueueFigures {
  readonly answered: boolean;
  readonly waiting: number;
  readonly oldestWaitingSeconds: number | null;
  readonly liveWorkers: number;
}

/** The ingest queue: unhealthy when Redis does not answer, when jobs wait with no live worker, or wait too long. */
export function queueStatus(figures: QueueFigures): HealthStatus {
  if (!figures.answered) return 'unhealthy';
  if (figures.waiting > 0 && figures.liveWorkers === 0) return 'unhealthy';
  const age = figures.oldestWaitingSeconds ?? 0;
  if (age > HEALTH_RULES.queueWaitUnhealthySeconds) return 'unhealthy';
  if (age > HEALTH_RULES.queueWaitDegradedSeconds) return 'degraded';
  return 'healthy';
}

export interface RoleFigures {
  /** Whether the role recorded any sample in the kept history. */
  readonly everSeen: boolean;
  readonly live: ReadonlyArray<{ readonly cpuPercent: number; readonly eventLoopDelayP99Ms: number }>;
}

/** A role: unknown if never seen, unhealthy with no live instance, degraded when a live one is overloaded. */
export function roleStatus(figures: RoleFigures): HealthStatus {
  if (!figures.everSeen) return 'unknown';
  if (figures.live.length === 0) return 'unhealthy';
  const overloaded = figures.live.some(
    (i) => i.cpuPercent > HEALTH_RULES.cpuPercent || i.eventLoopDelayP99Ms > HEALTH_RULES.eventLoopP99Ms,
  );
  return overloaded ? 'degraded' : 'healthy';
}

/** The worst known status; unknown only when nothing is known. */
export function overallHealth(statuses: readonly HealthStatus[]): HealthStatus {
  for (const status of ['unhealthy', 'degraded', 'healthy'] as const) if (statuses.includes(status)) return status;
  return 'unknown';
}
