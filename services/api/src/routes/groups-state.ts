import { type Request, type Response, Router } from 'express';
import type { Db, ErrorStatus } from '@error-tracker/contracts/db/schema';
import { permit } from '../access/authenticate';
import { actorOf, auditedChange } from '../audit/audit-log';
import type { ReadCache } from '../cache/read-cache';
import { deleteError, setStatus } from '../groups/groups-repository';
import { notFoundProblem } from '../http/problem';
import { inputOf, validate } from '../http/validate';
import { presentStatusChange } from '../presenters/group';
import { groupRoute } from './groups.schema';

const TRANSITIONS: ReadonlyArray<readonly [action: string, status: ErrorStatus, audited: string]> = [
  ['resolve', 'resolved', 'group.resolved'],
  ['unresolve', 'open', 'group.reopened'],
  ['ignore', 'ignored', 'group.ignored'],
];

/** resolve / unresolve / ignore (POST or PUT) and DELETE; each is audited and invalidates the read cache. */
export function groupsStateRouter(db: Db, cache: ReadCache): Router {
  const router = Router();

  /** Runs the change and its audit record in one transaction; 404 when there is no such group. */
  const audited = async (req: Request, res: Response, action: string, change: (trx: Db, id: number) => Promise<boolean>) => {
    const { id } = inputOf(res, groupRoute).params;
    const done = await auditedChange(
      db,
      actorOf(req, res),
      (trx) => change(trx, id),
      (changed) => (changed ? { action, targetType: 'group', targetId: id } : undefined),
    );
    if (!done) throw notFoundProblem(`no error group ${id}`);
    await cache.invalidate();
  };

  for (const [action, status, auditAction] of TRANSITIONS) {
    const handler = async (req: Request, res: Response) => {
      await audited(req, res, auditAction, (trx, id) => setStatus(trx, id, status));
      res.json(presentStatusChange(status));
    };
    router.post(`/api/errors/:id/${action}`, permit('write'), validate(groupRoute), handler);
    router.put(`/api/errors/:id/${action}`, permit('write'), validate(groupRoute), handler);
  }

  router.delete('/api/errors/:id', permit('write'), validate(groupRoute), async (req, res) => {
    await audited(req, res, 'group.deleted', (trx, id) => deleteError(trx, id));
    res.status(204).end();
  });

  return router;
}
