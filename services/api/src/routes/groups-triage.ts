import { type Request, type Response, Router } from 'express';
import type { Db } from '@error-tracker/contracts/db/schema';
import { permit } from '../access/authenticate';
import { callerOf } from '../access/caller';
import { actorOf, auditedChange } from '../audit/audit-log';
import type { ReadCache } from '../cache/read-cache';
import { activeMember, addComment, groupExists, listComments, setAssignee } from '../groups/triage-repository';
import { badRequest, notFoundProblem } from '../http/problem';
import { inputOf, validate } from '../http/validate';
import { presentAssignee, presentComment } from '../presenters/triage';
import { addCommentRoute, assignRoute, groupRoute } from './groups.schema';

/** Assigning a group to a member and commenting on it; both audited. */
export function groupsTriageRouter(db: Db, cache: ReadCache): Router {
  const router = Router();

  router.put('/api/errors/:id/assignee', permit('write'), validate(assignRoute), async (req: Request, res: Response) => {
    const { params, body } = inputOf(res, assignRoute);
    const member = body.member_id === null ? undefined : await activeMember(db, body.member_id);
    if (body.member_id !== null && !member)
      throw badRequest('invalid assignment', [{ field: 'member_id', message: 'is not an active member' }]);
    const found = await auditedChange(
      db,
      actorOf(req, res),
      (trx) => setAssignee(trx, params.id, body.member_id),
      (changed) =>
        changed
          ? { action: 'group.assigned', targetType: 'group', targetId: params.id, details: { member_id: body.member_id } }
          : undefined,
    );
    if (!found) throw notFoundProblem(`no error group ${params.id}`);
    await cache.invalidate();
    res.json({ assignee: presentAssignee(member) });
  });

  router.get('/api/errors/:id/comments', permit('read'), validate(groupRoute), async (_req, res) => {
    const { id } = inputOf(res, groupRoute).params;
    if (!(await groupExists(db, id))) throw notFoundProblem(`no error group ${id}`);
    res.json({ comments: (await listComments(db, id)).map(presentComment) });
  });

  router.post('/api/errors/:id/comments', permit('write'), validate(addCommentRoute), async (req, res) => {
    const { params, body } = inputOf(res, addCommentRoute);
    const caller = callerOf(res);
    const author = { memberId: caller?.memberId ?? null, label: caller?.label ?? 'anonymous' };
    const comment = await auditedChange(
      db,
      actorOf(req, res),
      async (trx) => ((await groupExists(trx, params.id)) ? addComment(trx, params.id, author, body.body) : undefined),
      (added) =>
        added
          ? { action: 'comment.added', targetType: 'group', targetId: params.id, details: { comment_id: added.id } }
          : undefined,
    );
    if (!comment) throw notFoundProblem(`no error group ${params.id}`);
    res.status(201).json(presentComment(comment));
  });

  return router;
}
