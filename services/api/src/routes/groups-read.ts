import { type Response, Router } from 'express';
import type { Db } from '@error-tracker/contracts/db/schema';
import { normaliseQuery, type ReadCache } from '../cache/read-cache';
import { findError, recentOccurrences } from '../groups/groups-repository';
import { listGroups } from '../groups/list-groups';
import type { ListQuery } from '../groups/list-query';
import { groupHours, last24Hours } from '../groups/hourly-counts';
import { membersByIds } from '../groups/triage-repository';
import { badRequest, notFoundProblem } from '../http/problem';
import { inputOf, validate } from '../http/validate';
import { permit } from '../access/authenticate';
import { callerOf } from '../access/caller';
import { presentGroupDetail, presentGroupHours, presentGroupList } from '../presenters/group';
import { withAssignee } from '../presenters/triage';
import { groupHoursRoute, groupRoute, listGroupsRoute } from './groups.schema';

const LIST_TTL_SECONDS = 120;

/** `assignee=me` becomes the caller's member id, before the query keys the cache. */
function resolveMe(query: ListQuery, res: Response): ListQuery {
  if (query.assignee !== 'me') return query;
  const memberId = callerOf(res)?.memberId;
  if (memberId == null) throw badRequest('invalid query parameters', [{ field: 'assignee', message: "me needs a member's key" }]);
  return { ...query, assignee: memberId };
}

export function groupsReadRouter(db: Db, cache: ReadCache): Router {
  const router = Router();

  router.get('/api/errors', permit('read'), validate(listGroupsRoute), async (_req, res) => {
    const query = resolveMe(inputOf(res, listGroupsRoute).query, res);
    const { value, status } = await cache.get('errors', normaliseQuery(query), LIST_TTL_SECONDS, async () => {
      const page = await listGroups(db, query);
      const assigned = page.rows.flatMap((row) => (row.assignee_member_id === null ? [] : [row.assignee_member_id]));
      const ids = page.rows.map((row) => row.id);
      const [members, hourly] = await Promise.all([membersByIds(db, assigned), last24Hours(db, ids)]);
      const rows = page.rows.map((row) => ({ ...withAssignee(row, members), last_24h: hourly.get(row.id) ?? [] }));
      return presentGroupList({ ...page, rows }, query.limit, query.offset);
    });
    res.setHeader('X-Cache', status).json(value);
  });

  router.get('/api/errors/:id', permit('read'), validate(groupRoute), async (_req, res) => {
    const { id } = inputOf(res, groupRoute).params;
    const group = await findError(db, id);
    if (!group) throw notFoundProblem(`no error group ${id}`);
    const members = await membersByIds(db, group.assignee_member_id === null ? [] : [group.assignee_member_id]);
    res.json(presentGroupDetail(withAssignee(group, members), await recentOccurrences(db, id)));
  });

  router.get('/api/errors/:id/hourly', permit('read'), validate(groupHoursRoute), async (_req, res) => {
    const { params, query } = inputOf(res, groupHoursRoute);
    const hours = await groupHours(db, params.id, query.hours);
    if (!hours) throw notFoundProblem(`no error group ${params.id}`);
    res.json(presentGroupHours(params.id, hours));
  });

  return router;
}
