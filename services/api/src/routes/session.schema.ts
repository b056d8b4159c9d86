import { z } from 'zod';
import type { RouteSchema } from '../http/validate';

/** POST /api/session: the key in the body, or in X-API-Key / Authorization with no body. */
export const signInRoute = {
  body: z
    .object(
      { key: z.string({ error: 'must be a string' }).min(1, 'must not be empty').max(200, 'must be at most 200 characters') },
      { error: 'body must be a JSON object' },
    )
    .partial()
    .optional(),
  invalid: 'invalid sign-in',
} satisfies RouteSchema;
