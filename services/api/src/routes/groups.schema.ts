import { z } from 'zod';
import { listQuerySchema } from '../groups/list-query';
import { positiveId } from '../http/fields';
import type { RouteSchema } from '../http/validate';

const groupId = z.object({ id: positiveId });

export const listGroupsRoute = { query: listQuerySchema, invalid: 'invalid query parameters' } satisfies RouteSchema;
export const groupRoute = { params: groupId, invalid: 'id must be a positive integer' } satisfies RouteSchema;
