import { Router } from 'express';
import type { Db } from '@error-tracker/contracts/db/schema';
import type { ReadCache } from '../cache/read-cache';
import { normaliseQuery } from '../cache/read-cache';
import { findError, recentOccurrences } from '../errors/errors-repository';
import { listGroups } from '../errors/list-groups';
import { listQuerySchema } from '../errors/list-query';
import { presentGroup } from '../errors/present';
import { parseId, parseQuery } from '../http/query';
import { HttpProblem } from '../http/problem';

const LIST_TTL_SECONDS = 120;

export function errorsReadRouter(db: Db, cache: ReadCache): Router {
  const router = Router();

  router.get('/api/errors', async (req, res) => {
    const query = parseQuery(req, listQuerySchema);
    const { value, status } = await cache.get('errors', normaliseQuery(query), LIST_TTL_SECONDS, async () => {
      const { rows, total, totalExact } = await listGroups(db, query);
      return { errors: rows.map(presentGroup), total, total_exact: totalExact, limit: query.limit, offset: query.offset };
    });
    res.setHeader('X-Cache', status).json(value);
  });

  router.get('/api/errors/:id', async (req, res) => {
    const id = parseId(req.params.id);
    const group = await findError(db, id);
    if (!group) throw new HttpProblem({ status: 404, title: 'Not Found', detail: `no error group ${id}` });
    const occurrences = await recentOccurrences(db, id);
    res.json({ error: presentGroup(group), occurrences });
  });

  return router;
}
