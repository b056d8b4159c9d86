import { Router, type Request } from 'express';
import type { Db, ErrorStatus } from '@error-tracker/contracts/db/schema';
import type { ReadCache } from '../cache/read-cache';
import { deleteError, setStatus } from '../errors/errors-repository';
import { parseId } from '../http/query';
import { HttpProblem } from '../http/problem';

const notFound = (id: number) => new HttpProblem({ status: 404, title: 'Not Found', detail: `no error group ${id}` });

const TRANSITIONS: ReadonlyArray<readonly [string, ErrorStatus]> = [
  ['resolve', 'resolved'],
  ['unresolve', 'open'],
  ['ignore', 'ignored'],
];

/** resolve / unresolve / ignore (POST or PUT) and DELETE; each invalidates the read cache. */
export function errorsStateRouter(db: Db, cache: ReadCache): Router {
  const router = Router();

  for (const [action, status] of TRANSITIONS) {
    const handler = async (req: Request<{ id: string }>, res: import('express').Response) => {
      const id = parseId(req.params.id);
      if (!(await setStatus(db, id, status))) throw notFound(id);
      await cache.invalidate();
      res.json({ status });
    };
    router.post(`/api/errors/:id/${action}`, handler);
    router.put(`/api/errors/:id/${action}`, handler);
  }

  router.delete('/api/errors/:id', async (req, res) => {
    const id = parseId(req.params.id);
    if (!(await deleteError(db, id))) throw notFound(id);
    await cache.invalidate();
    res.status(204).end();
  });

  return router;
}
