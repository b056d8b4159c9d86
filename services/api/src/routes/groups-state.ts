import { type Request, type Response, Router } from 'express';
import type { Db, ErrorStatus } from '@error-tracker/contracts/db/schema';
import type { ReadCache } from '../cache/read-cache';
import { deleteError, setStatus } from '../groups/groups-repository';
import { notFoundProblem } from '../http/problem';
import { inputOf, validate } from '../http/validate';
import { presentStatusChange } from '../presenters/group';
import { groupRoute } from './groups.schema';

const notFound = (id: number) => notFoundProblem(`no error group ${id}`);

const TRANSITIONS: ReadonlyArray<readonly [action: string, status: ErrorStatus]> = [
  ['resolve', 'resolved'],
  ['unresolve', 'open'],
  ['ignore', 'ignored'],
];

/** resolve / unresolve / ignore (POST or PUT) and DELETE; each invalidates the read cache. */
export function groupsStateRouter(db: Db, cache: ReadCache): Router {
  const router = Router();

  for (const [action, status] of TRANSITIONS) {
    const handler = async (_req: Request, res: Response) => {
      const { id } = inputOf(res, groupRoute).params;
      if (!(await setStatus(db, id, status))) throw notFound(id);
      await cache.invalidate();
      res.json(presentStatusChange(status));
    };
    router.post(`/api/errors/:id/${action}`, validate(groupRoute), handler);
    router.put(`/api/errors/:id/${action}`, validate(groupRoute), handler);
  }

  router.delete('/api/errors/:id', validate(groupRoute), async (_req, res) => {
    const { id } = inputOf(res, groupRoute).params;
    if (!(await deleteError(db, id))) throw notFound(id);
    await cache.invalidate();
    res.status(204).end();
  });

  return router;
}
