import { Router } from 'express';
import type { Db } from '@error-tracker/contracts/db/schema';
import { normaliseQuery, type ReadCache } from '../cache/read-cache';
import { findError, recentOccurrences } from '../groups/groups-repository';
import { listGroups } from '../groups/list-groups';
import { notFoundProblem } from '../http/problem';
import { inputOf, validate } from '../http/validate';
import { permit } from '../access/authenticate';
import { presentGroupDetail, presentGroupList } from '../presenters/group';
import { groupRoute, listGroupsRoute } from './groups.schema';

const LIST_TTL_SECONDS = 120;


export function groupsReadRouter(db: Db, cache: ReadCache): Router {
  const router = Router();

  router.get('/api/errors', permit('read'), validate(listGroupsRoute), async (_req, res) => {
    const { query } = inputOf(res, listGroupsRoute);
    const { value, status } = await cache.get('errors', normaliseQuery(query), LIST_TTL_SECONDS, async () =>
      presentGroupList(await listGroups(db, query), query.limit, query.offset),
    );
    res.setHeader('X-Cache', status).json(value);
  });

  router.get('/api/errors/:id', permit('read'), validate(groupRoute), async (_req, res) => {
    const { id } = inputOf(res, groupRoute).params;
    const group = await findError(db, id);
    if (!group) throw notFoundProblem(`no error group ${id}`);
    res.json(presentGroupDetail(group, await recentOccurrences(db, id)));
  });

  return router;
}
