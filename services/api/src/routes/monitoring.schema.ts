import { z } from 'zod';
import type { RouteSchema } from '../http/validate';
import { TIMEFRAME_NAMES } from '../monitoring/timeframes';

const timeframe = z.enum(TIMEFRAME_NAMES, { error: `must be one of ${TIMEFRAME_NAMES.join(', ')}` }).default('1h');

export const metricsRoute = {
  query: z.object({ timeframe }),
  invalid: 'invalid query parameters',
} satisfies RouteSchema;

export const performanceRoute = {
  query: z.object({ timeframe }),
  invalid: 'invalid query parameters',
} satisfies RouteSchema;
