import { z } from 'zod';
import { GROUP_HOURS_DEFAULT, GROUP_HOURS_MAX } from '../groups/hourly-counts';
import { listQuerySchema } from '../groups/list-query';
import { positiveId, requiredText } from '../http/fields';
import type { RouteSchema } from '../http/validate';

const groupId = z.object({ id: positiveId });

export const listGroupsRoute = { query: listQuerySchema, invalid: 'invalid query parameters' } satisfies RouteSchema;
export const groupRoute = { params: groupId, invalid: 'id must be a positive integer' } satisfies RouteSchema;

export const groupHoursRoute = {
  params: groupId,
  query: z.object({
    hours: z
      .string()
      .regex(/^\d{1,4}$/, 'must be a whole number of hours')
      .meta({ default: String(GROUP_HOURS_DEFAULT), description: `1 to ${GROUP_HOURS_MAX} (30 days)` })
      .transform(Number)
      .refine((hours) => hours >= 1 && hours <= GROUP_HOURS_MAX, `must be from 1 to ${GROUP_HOURS_MAX}`)
      .default(GROUP_HOURS_DEFAULT),
  }),
  invalid: 'invalid query parameters',
} satisfies RouteSchema;

export const assignRoute = {
  params: groupId,
  body: z.object(
    {
      member_id: z.union([z.number().int('must be an integer').positive('must be positive'), z.null()], {
        error: 'must be a member id or null',
      }),
    },
    { error: 'body must be a JSON object' },
  ),
  invalid: 'invalid assignment',
} satisfies RouteSchema;

export const addCommentRoute = {
  params: groupId,
  body: z.object({ body: requiredText(10_000) }, { error: 'body must be a JSON object' }),
  invalid: 'invalid comment',
} satisfies RouteSchema;
