import { z } from 'zod';
import { queryText } from '../http/fields';

export const LIST_DEFAULT_LIMIT = 50;
export const LIST_MAX_LIMIT = 200;

const bool = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');
export const MAX_OFFSET = 1_000_000_000;

const nonNegativeInt = (name: string, meta: { default: string; description: string }) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `${name} must be a non-negative integer`)
    .meta(meta)
    .transform(Number);

/** Query parameters of GET /api/errors; unknown parameters are ignored. */
export const listQuerySchema = z.object({
  project: queryText(100).optional(),
  environment: queryText(50).optional(),
  resolved: bool.optional(),
  status: z.enum(['open', 'resolved', 'ignored'], { error: 'must be open, resolved or ignored' }).optional(),
  search: queryText(200)
    .refine((value) => value.length > 0, 'must not be empty')
    .optional(),
  source: queryText(50).optional(),
  level: z
    .enum(['fatal', 'error', 'warning', 'info', 'debug'], { error: 'must be fatal, error, warning, info or debug' })
    .optional(),
  limit: nonNegativeInt('limit', {
    default: String(LIST_DEFAULT_LIMIT),
    description: `at least 1; values above ${LIST_MAX_LIMIT} are clamped`,
  })
    .refine((n) => n >= 1, 'must be at least 1')
    .transform((n) => Math.min(n, LIST_MAX_LIMIT))
    .default(LIST_DEFAULT_LIMIT),
  offset: nonNegativeInt('offset', { default: '0', description: `at most ${MAX_OFFSET}` })
    .refine((n) => n <= MAX_OFFSET, `must be at most ${MAX_OFFSET}`)
    .default(0),
  sort: z.enum(['last_seen', 'first_seen', 'count'], { error: 'must be last_seen, first_seen or count' }).default('last_seen'),
  assignee: z
    .string()
    .regex(/^(me|none|[1-9]\d{0,15})$/, 'must be a member id, me or none')
    .meta({ description: "a member id; `me`: the caller's member; `none`: unassigned" })
    .transform((value) => (value === 'me' || value === 'none' ? value : Number(value)))
    .optional(),
});

export type ListQuery = z.infer<typeof listQuerySchema>;
