import { z } from 'zod';
import { queryText } from '../http/fields';
import type { RouteSchema } from '../http/validate';

export const statsRoute = {
  query: z.object({ project: queryText(100).optional() }),
  invalid: 'invalid query parameters',
} satisfies RouteSchema;

export const trendsRoute = {
  query: z.object({
    project: queryText(100).optional(),
    period: z.enum(['day', 'week', 'month', 'year'], { error: 'must be day, week, month or year' }).default('week'),
    group_by: z.enum(['hour', 'day', 'week', 'month'], { error: 'must be hour, day, week or month' }).default('day'),
  }),
  invalid: 'invalid query parameters',
} satisfies RouteSchema;
