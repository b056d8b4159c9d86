import { z } from 'zod';
import { errorEventSchema } from '../ingest/event-schema';
import type { RouteSchema } from '../http/validate';

export const BATCH_MAX_EVENTS = 1_000;
export const BATCH_MAX_BYTES = 1024 * 1024;

const waitQuery = z.object({
  wait: z.string().optional().meta({ description: 'true or 1: answer with the worker result (≤ 5 s), as `Prefer: wait` does' }),
  api_key: z.string().optional().meta({ description: 'the API key, for navigator.sendBeacon (which cannot set headers)' }),
});

export const reportErrorRoute = {
  query: waitQuery,
  body: errorEventSchema,
  invalid: 'the error report is invalid',
} satisfies RouteSchema;

/** Items are validated one by one by the route: valid ones are accepted, the others listed. */
export const reportBatchRoute = {
  body: z.object(
    {
      errors: z
        .array(z.unknown(), { error: 'must be an array' })
        .min(1, `must hold 1 to ${BATCH_MAX_EVENTS} items`)
        .max(BATCH_MAX_EVENTS, `must hold 1 to ${BATCH_MAX_EVENTS} items`)
        .meta({ items: { $ref: '#/components/schemas/ErrorEvent' } }),
    },
    { error: 'the body must be {"errors": [ … ]}' },
  ),
  invalid: `the body must be {"errors": [ … ]} with 1 to ${BATCH_MAX_EVENTS} errors`,
} satisfies RouteSchema;
