import type { RedisClient } from '@error-tracker/runtime/redis';
import type { Db } from '@error-tracker/contracts/db/schema';
import { ROLE_NAMES, type RoleName } from '@error-tracker/contracts/monitoring';
import { type CacheCheck, checkCache } from './cache-check';
import { checkDatabase, type DatabaseCheck } from './database-check';
import { dependencyStatus, HEALTH_RULES, type HealthStatus, queueStatus, roleStatus } from './health-rules';
import type { QueueCheck, QueueProbe } from './queue-check';
import {
  dependencyShares,
  type DependencyShares,
  type InstanceState,
  latestSamples,
  roleCoverage,
  type RoleCoverage,
  rolesSeen,
} from './sample-history';
import { historyStart, shareOfSlots, slotWindow, type SlotWindow } from './slot-window';
import { DAY_MS } from './timeframes';

export interface ServiceHealth {
  readonly name: string;
  readonly status: HealthStatus;
  readonly uptimePercent: number | null;
  readonly responseTimeMs: number | null;
  readonly lastChecked: Date | null;
  readonly details: Record<string, unknown>;
}

export interface HealthDeps {
  readonly db: Db;
  readonly redis: RedisClient;
  readonly queue: QueueProbe;
  readonly sampleIntervalMs: number;
}

const ROLE_TITLES: Readonly<Record<RoleName, string>> = {
  api: 'API',
  'ingest-worker': 'Ingest Worker',
  notifier: 'Notifier',
  retention: 'Retention',
};

interface History {
  readonly window: SlotWindow;
  readonly instances: InstanceState[];
  readonly seen: Set<RoleName>;
  readonly coverage: Map<string, RoleCoverage>;
  readonly shares: DependencyShares;
}

async function readHistory(db: Db, intervalMs: number): Promise<History> {
  const window = slotWindow(DAY_MS, intervalMs, await historyStart(db));
  const [instances, seen, coverage, shares] = await Promise.all([
    latestSamples(db),
    rolesSeen(db),
    roleCoverage(db, window),
    dependencyShares(db, window),
  ]);
  return { window, instances, seen, coverage, shares };
}

/** Every monitored service, measured now (PostgreSQL, Redis, the queue) or from the samples (the roles). */
export async function readServiceHealth(deps: HealthDeps): Promise<ServiceHealth[]> {
  const [database, cache, queue] = await Promise.all([checkDatabase(deps.db), checkCache(deps.redis), deps.queue.check()]);
  const history = database.answered ? await readHistory(deps.db, deps.sampleIntervalMs) : undefined;
  return [
    databaseHealth(database, history),
    cacheHealth(cache, history),
    queueHealth(queue, history),
    ...ROLE_NAMES.map((role) => roleHealth(role, history)),
  ];
}

const sampleShare = (ok: number, shares: DependencyShares | undefined) =>
  shares === undefined || shares.samples === 0 ? null : (100 * ok) / shares.samples;

function databaseHealth(check: DatabaseCheck, history: History | undefined): ServiceHealth {
  const usedShare = check.connections !== null && check.maxConnections ? check.connections / check.maxConnections : undefined;
  return {
    name: 'Database',
    status: dependencyStatus({
      answered: check.answered,
      latencyMs: check.latencyMs,
      usedShare,
      usedShareLimit: HEALTH_RULES.connectionsShare,
    }),
    uptimePercent: sampleShare(history?.shares.postgresOk ?? 0, history?.shares),
    responseTimeMs: check.latencyMs,
    lastChecked: check.checkedAt,
    details: { connections: check.connections, max_connections: check.maxConnections },
  };
}

function cacheHealth(check: CacheCheck, history: History | undefined): ServiceHealth {
  const usedShare =
    check.usedMemoryBytes !== null && check.maxMemoryBytes ? check.usedMemoryBytes / check.maxMemoryBytes : undefined;
  return {
    name: 'Cache Service',
    status: dependencyStatus({
      answered: check.answered,
      latencyMs: check.latencyMs,
      usedShare,
      usedShareLimit: HEALTH_RULES.memoryShare,
    }),
    uptimePercent: sampleShare(history?.shares.redisOk ?? 0, history?.shares),
    responseTimeMs: check.latencyMs,
    lastChecked: check.checkedAt,
    details: { used_memory_bytes: check.usedMemoryBytes, max_memory_bytes: check.maxMemoryBytes, clients: check.clients },
  };
}

const liveOf = (role: RoleName, history: History | undefined) =>
  (history?.instances ?? []).filter((i) => i.live && i.roles.includes(role));

function queueHealth(check: QueueCheck, history: History | undefined): ServiceHealth {
  const liveWorkers = history === undefined ? undefined : liveOf('ingest-worker', history).length;
  const served = history?.coverage.get('ingest-worker')?.redisSlots ?? 0;
  return {
    name: 'Ingest Queue',
    status: queueStatus({
      answered: check.answered,
      waiting: check.waiting,
      oldestWaitingSeconds: check.oldestWaitingSeconds,
      liveWorkers: liveWorkers ?? 0,
    }),
    uptimePercent: history ? shareOfSlots(served, history.window) : null,
    responseTimeMs: check.latencyMs,
    lastChecked: check.checkedAt,
    details: {
      waiting: check.waiting,
      active: check.active,
      delayed: check.delayed,
      failed: check.failed,
      oldest_waiting_seconds: check.oldestWaitingSeconds,
      live_workers: liveWorkers ?? null,
    },
  };
}

function roleHealth(role: RoleName, history: History | undefined): ServiceHealth {
  const name = ROLE_TITLES[role];
  if (!history) {
    return {
      name,
      status: 'unknown',
      uptimePercent: null,
      responseTimeMs: null,
      lastChecked: null,
      details: { role, reason: 'the samples are in PostgreSQL, which did not answer' },
    };
  }
  const instances = history.instances.filter((i) => i.roles.includes(role));
  const live = instances.filter((i) => i.live);
  const requests = live.reduce((sum, i) => sum + (i.requests ?? 0), 0);
  const duration = live.reduce((sum, i) => sum + (i.duration_sum_ms ?? 0), 0);
  const newest = instances.reduce<Date | null>((at, i) => (at === null || i.recorded_at > at ? i.recorded_at : at), null);
  const seen = history.seen.has(role);
  return {
    name,
    status: roleStatus({
      everSeen: seen,
      live: live.map((i) => ({ cpuPercent: i.cpu_percent, eventLoopDelayP99Ms: i.event_loop_delay_p99_ms })),
    }),
    uptimePercent: seen ? shareOfSlots(history.coverage.get(role)?.slots ?? 0, history.window) : null,
    responseTimeMs: role === 'api' && requests > 0 ? duration / requests : null,
    lastChecked: newest,
    details: {
      role,
      live_instances: live.length,
      instances: instances.map((i) => ({
        instance_id: i.instance_id,
        host: i.host,
        live: i.live,
        last_sample: i.recorded_at,
        cpu_percent: i.cpu_percent,
        event_loop_delay_p99_ms: i.event_loop_delay_p99_ms,
      })),
    },
  };
}
