import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { RoleName } from '@error-tracker/contracts/monitoring';
import type { Logger } from '../logger';
import { createDb } from '../postgres';
import { closeRedis, createRedis, waitForRedis } from '../redis';
import type { Service } from '../shutdown';
import { checkPostgres, checkRedis, type DependencyCheck } from './dependency-checks';
import { type HttpFigures, NO_HTTP_FIGURES, readHttpTotals, since } from './http-figures';
import { memoryLimitBytes } from './memory-limit';
import { dependencyLatency, dependencyUp, diskSize, diskUsed, memoryLimit, roleInfo } from './monitoring-gauges';
import { type DiskReading, ProcessFigures, type ProcessReading, readDisk } from './process-figures';
import { SampleBuffer, type SampleRow } from './sample-buffer';
import { delayToNextSample, slotStart } from './slots';

export interface SamplerOptions {
  readonly intervalMs: number;
  /** The roles this process runs; with `api`, samples carry the API's request figures. */
  readonly roles: readonly RoleName[];
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly logger: Logger;
}

const HOUR_MS = 3_600_000;
/** A check never takes longer than this (nor half an interval). */
const MAX_CHECK_MS = 5_000;

interface Reading {
  readonly process: ProcessReading;
  readonly disk: DiskReading | undefined;
  readonly postgres: DependencyCheck;
  readonly redis: DependencyCheck;
  readonly http: HttpFigures | undefined;
}

/**
 * Records one sample per slot for this process, off every request path: its own figures, whether
 * PostgreSQL and Redis answered, and for the API the requests of the slot read from its Prometheus
 * series. Samples wait in memory (an hour's worth at most) while PostgreSQL is away.
 */
export async function startSampler(options: SamplerOptions): Promise<Service> {
  const { intervalMs, roles, logger } = options;
  const db = createDb(options.databaseUrl, { maxConnections: 1, applicationName: 'error-tracker-sampler' });
  const redis = createRedis(options.redisUrl, 'producer', 'et-sampler');
  // Not awaited: the roles are up already; only the first sample waits for the connection.
  const redisReady = waitForRedis(redis, MAX_CHECK_MS).catch(() => undefined);
  const instanceId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const limitBytes = await memoryLimitBytes();
  memoryLimit.set(limitBytes);
  for (const role of roles) roleInfo.set({ role }, 1);

  const figures = new ProcessFigures();
  const buffer = new SampleBuffer(Math.ceil(HOUR_MS / intervalMs));
  const checkMs = Math.min(MAX_CHECK_MS, intervalMs / 2);
  const servesHttp = roles.includes('api');
  let httpTotals = NO_HTTP_FIGURES;

  const read = async (): Promise<Reading> => {
    const processReading = figures.read();
    const [postgres, redisCheck, disk, http] = await Promise.all([
      checkPostgres(db, checkMs),
      checkRedis(redis, checkMs),
      readDisk(),
      servesHttp ? readHttpTotals() : undefined,
    ]);
    const slotHttp = http && since(httpTotals, http);
    if (http) httpTotals = http;
    return { process: processReading, disk, postgres, redis: redisCheck, http: slotHttp };
  };

  const take = async (slot: number): Promise<void> => {
    await redisReady;
    const reading = await read();
    exportGauges(reading);
    buffer.push(sampleRow({ instanceId, slot, intervalMs, roles, memoryLimitBytes: limitBytes }, reading));
    if (!reading.postgres.ok) return;
    const held = buffer.size;
    await buffer
      .flush(db)
      .catch((error: unknown) => logger.warn({ err: error, held }, 'monitoring samples not written; kept for the next slot'));
  };

  let lastSlot: number | undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = async () => {
    const slot = slotStart(Date.now(), intervalMs);
    if (lastSlot !== undefined && slot <= lastSlot) return;
    lastSlot = slot;
    await take(slot).catch((error: unknown) => logger.warn({ err: error }, 'monitoring sample failed'));
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        running = tick().finally(schedule);
      },
      delayToNextSample(Date.now(), intervalMs, lastSlot),
    );
    timer.unref();
  };
  schedule();
  logger.info({ instanceId, roles, intervalMs }, 'monitoring sampler started');

  return {
    name: 'sampler',
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
      await buffer.flush(db).catch(() => undefined);
      figures.stop();
      await closeRedis(redis);
      await db.destroy();
    },
  };
}

function exportGauges(reading: Reading): void {
  for (const [dependency, check] of [
    ['postgres', reading.postgres],
    ['redis', reading.redis],
  ] as const) {
    dependencyUp.set({ dependency }, check.ok ? 1 : 0);
    if (check.latencyMs !== null) dependencyLatency.set({ dependency }, check.latencyMs / 1000);
  }
  if (reading.disk) {
    diskUsed.set(reading.disk.usedBytes);
    diskSize.set(reading.disk.sizeBytes);
  }
}

interface SampleIdentity {
  readonly instanceId: string;
  readonly slot: number;
  readonly intervalMs: number;
  readonly roles: readonly RoleName[];
  readonly memoryLimitBytes: number;
}

function sampleRow(identity: SampleIdentity, reading: Reading): SampleRow {
  const { process: figures, disk, postgres, redis, http } = reading;
  return {
    instance_id: identity.instanceId,
    slot: new Date(identity.slot),
    recorded_at: new Date(),
    interval_ms: identity.intervalMs,
    host: hostname(),
    roles: [...identity.roles],
    cpu_percent: figures.cpuPercent,
    heap_used_bytes: figures.heapUsedBytes,
    rss_bytes: figures.rssBytes,
    memory_limit_bytes: identity.memoryLimitBytes,
    event_loop_delay_ms: figures.eventLoopDelayMs,
    event_loop_delay_p99_ms: figures.eventLoopDelayP99Ms,
    disk_used_bytes: disk?.usedBytes ?? null,
    disk_size_bytes: disk?.sizeBytes ?? null,
    postgres_ok: postgres.ok,
    postgres_latency_ms: postgres.latencyMs,
    redis_ok: redis.ok,
    redis_latency_ms: redis.latencyMs,
    ...(http ? httpColumns(http) : {}),
  };
}

function httpColumns(http: HttpFigures): Partial<SampleRow> {
  return {
    requests: http.requests,
    errors_5xx: http.errors5xx,
    duration_sum_ms: http.durationSumMs,
    latency_buckets: JSON.stringify(http.buckets),
    apdex_satisfied: http.apdexSatisfied,
    apdex_tolerating: http.apdexTolerating,
    open_connections: http.openConnections,
    bytes_in: http.bytesIn,
    bytes_out: http.bytesOut,
  };
}
