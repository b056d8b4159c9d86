import { Router } from 'express';
import type { Db } from '@error-tracker/contracts/db/schema';
import { normaliseQuery, type ReadCache } from '../cache/read-cache';
import { inputOf, validate } from '../http/validate';
import { permit } from '../access/authenticate';
import { presentStats, presentTrends } from '../presenters/stats';
import { readStats, readTrends } from '../stats/stats-repository';
import { statsRoute, trendsRoute } from './stats.schema';

const STATS_TTL_SECONDS = 300;

export function statsRouter(db: Db, cache: ReadCache): Router {
  const router = Router();

  router.get('/api/stats', permit('read'), validate(statsRoute), async (_req, res) => {
    const { query } = inputOf(res, statsRoute);
    const { value, status } = await cache.get('stats', normaliseQuery(query), STATS_TTL_SECONDS, async () =>
      presentStats(await readStats(db, query.project)),
    );
    res.setHeader('X-Cache', status).json(value);
  });

  router.get('/api/analytics/trends', permit('read'), validate(trendsRoute), async (_req, res) => {
    const { query } = inputOf(res, trendsRoute);
    const { value, status } = await cache.get('trends', normaliseQuery(query), STATS_TTL_SECONDS, async () =>
      presentTrends(query.period, query.group_by, await readTrends(db, query.period, query.group_by, query.project)),
    );
    res.setHeader('X-Cache', status).json(value);
  });

  return router;
}
