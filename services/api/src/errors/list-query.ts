import { z } from 'zod';

export const LIST_DEFAULT_LIMIT = 50;
export const LIST_MAX_LIMIT = 200;

const bool = z.enum(['true', 'false'], { error: 'must be true or false' }).transform((v) => v === 'true');
const nonNegativeInt = (name: string) =>
  z
    .string()
    .regex(/^\d+$/, `${name} must be a non-negative integer`)
    .transform(Number);

/** Query parameters of GET /api/errors; unknown parameters are ignored. */
export const listQuerySchema = z.object({
  project: z.string().max(100).optional(),
  environment: z.string().max(50).optional(),
  resolved: bool.optional(),
  status: z.enum(['open', 'resolved', 'ignored'], { error: 'must be open, resolved or ignored' }).optional(),
  search: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters').optional(),
  source: z.string().max(50).optional(),
  level: z.enum(['fatal', 'error', 'warning', 'info', 'debug'], { error: 'must be fatal, error, warning, info or debug' }).optional(),
  limit: nonNegativeInt('limit')
    .refine((n) => n >= 1, 'must be at least 1')
    .transform((n) => Math.min(n, LIST_MAX_LIMIT))
    .default(LIST_DEFAULT_LIMIT),
  offset: nonNegativeInt('offset').default(0),
  sort: z.enum(['last_seen', 'first_seen', 'count'], { error: 'must be last_seen, first_seen or count' }).default('last_seen'),
});

export type ListQuery = z.infer<typeof listQuerySchema>;
