import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '@error-tracker/contracts/db/schema';
import { normaliseQuery, type ReadCache } from '../cache/read-cache';
import { parseQuery, queryText } from '../http/query';
import { formatDuration } from '../stats/format-duration';
import { readStats, readTrends } from '../stats/stats-repository';

const STATS_TTL_SECONDS = 300;

const statsQuery = z.object({ project: queryText(100).optional() });
const trendsQuery = z.object({
  project: queryText(100).optional(),
  period: z.enum(['day', 'week', 'month', 'year'], { error: 'must be day, week, month or year' }).default('week'),
  group_by: z.enum(['hour', 'day', 'week', 'month'], { error: 'must be hour, day, week or month' }).default('day'),
});

const round1 = (n: number) => Math.round(n * 10) / 10;

export function statsRouter(db: Db, cache: ReadCache): Router {
  const router = Router();

  router.get('/api/stats', async (req, res) => {
    const query = parseQuery(req, statsQuery);
    const { value, status } = await cache.get('stats', normaliseQuery(query), STATS_TTL_SECONDS, async () => {
      const row = await readStats(db, query.project);
      return {
        total_errors: row.total_errors,
        resolved_errors: row.resolved_errors,
        errors_today: row.errors_today,
        errors_this_week: row.errors_this_week,
        errors_this_month: row.errors_this_month,
        error_rate_24h: round1(row.errors_24h / 24),
        resolution_rate: row.total_errors === 0 ? 0 : round1((100 * row.resolved_errors) / row.total_errors),
        avg_resolution_time: row.avg_resolution_seconds === null ? null : formatDuration(row.avg_resolution_seconds),
      };
    });
    res.setHeader('X-Cache', status).json(value);
  });

  router.get('/api/analytics/trends', async (req, res) => {
    const query = parseQuery(req, trendsQuery);
    const { value, status } = await cache.get('trends', normaliseQuery(query), STATS_TTL_SECONDS, async () => {
      const rows = await readTrends(db, query.period, query.group_by, query.project);
      return {
        period: query.period,
        group_by: query.group_by,
        data_points: rows.map((row) => ({
          timestamp: row.bucket,
          error_count: row.error_count,
          resolved_count: row.resolved_count,
          critical_count: row.critical_count,
        })),
      };
    });
    res.setHeader('X-Cache', status).json(value);
  });

  return router;
}
