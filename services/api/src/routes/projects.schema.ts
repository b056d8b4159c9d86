import { z } from 'zod';
import type { RouteSchema } from '../http/validate';

const projectName = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .refine((name) => !name.includes('\u0000'), 'must not contain NUL characters');

export const createProjectRoute = {
  body: z.object({ name: projectName }, { error: 'body must be a JSON object' }),
  invalid: 'invalid project',
} satisfies RouteSchema;

export const projectRoute = {
  params: z.object({ name: z.string().refine((name) => !name.includes('\u0000'), 'must not contain NUL characters') }),
  invalid: 'invalid project name',
} satisfies RouteSchema;
