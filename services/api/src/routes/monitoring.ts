import { type RequestHandler, Router } from 'express';
import type { RedisClient } from '@error-tracker/runtime/redis';
import type { Db } from '@error-tracker/contracts/db/schema';
import { permit } from '../access/authenticate';
import { normaliseQuery, type ReadCache } from '../cache/read-cache';
import { inputOf, validate } from '../http/validate';
import { QueueProbe, reportOldestWaitingFrom } from '../monitoring/queue-check';
import { readRequestPerformance } from '../monitoring/request-performance';
import { readServiceHealth } from '../monitoring/service-health';
import { readSystemMetrics } from '../monitoring/system-metrics';
import { TIMEFRAMES } from '../monitoring/timeframes';
import { readUptimeHistory } from '../monitoring/uptime-history';
import { presentMetrics, presentPerformance, presentServices, presentUptime } from '../presenters/monitoring';
import { metricsRoute, performanceRoute } from './monitoring.schema';

/** Seed 001's cache times, in seconds. */
const TTL = { services: 30, metrics: 30, uptime: 300, performance: 60 } as const;

export interface MonitoringDeps {
  readonly db: Db;
  readonly redis: RedisClient;
  readonly redisPrefix: string;
  readonly cache: ReadCache;
  /** MONITORING_SAMPLE_INTERVAL_MS: the length of a sample slot. */
  readonly sampleIntervalMs: number;
  /** With a read replica: runs work on the primary, the database whose health the services answer reports. */
  readonly onPrimary?: <T>(work: () => T) => T;
}

/** /api/monitoring/* and /api/analytics/performance: figures from the samples every role records, and live checks. */
export function monitoringRouter(deps: MonitoringDeps): Router {
  const { db, cache, sampleIntervalMs } = deps;
  const queue = new QueueProbe(deps.redis, deps.redisPrefix);
  reportOldestWaitingFrom(queue);
  const router = Router();
  const onPrimary: RequestHandler = (_req, _res, next) => (deps.onPrimary ? deps.onPrimary(next) : next());

  router.get('/api/monitoring/services', permit('read'), onPrimary, async (_req, res) => {
    const { value, status } = await cache.get('monitoring-services', '', TTL.services, async () =>
      presentServices(await readServiceHealth({ db, redis: deps.redis, queue, sampleIntervalMs })),
    );
    res.setHeader('X-Cache', status).json(value);
  });

  router.get('/api/monitoring/metrics', permit('read'), validate(metricsRoute), async (_req, res) => {
    const { query } = inputOf(res, metricsRoute);
    const { value, status } = await cache.get('monitoring-metrics', normaliseQuery(query), TTL.metrics, async () =>
      presentMetrics(query.timeframe, await readSystemMetrics(db, TIMEFRAMES[query.timeframe], sampleIntervalMs)),
    );
    res.setHeader('X-Cache', status).json(value);
  });

  router.get('/api/monitoring/uptime', permit('read'), async (_req, res) => {
    const { value, status } = await cache.get('monitoring-uptime', '', TTL.uptime, async () =>
      presentUptime(await readUptimeHistory(db, sampleIntervalMs)),
    );
    res.setHeader('X-Cache', status).json(value);
  });

  router.get('/api/analytics/performance', permit('read'), validate(performanceRoute), async (_req, res) => {
    const { query } = inputOf(res, performanceRoute);
    const { value, status } = await cache.get('performance', normaliseQuery(query), TTL.performance, async () =>
      presentPerformance(query.timeframe, await readRequestPerformance(db, TIMEFRAMES[query.timeframe], sampleIntervalMs)),
    );
    res.setHeader('X-Cache', status).json(value);
  });

  return router;
}
