import { z } from 'zod';
import { requiredText } from '../http/fields';
import type { RouteSchema } from '../http/validate';

const projectName = requiredText(100);

export const createProjectRoute = {
  body: z.object({ name: projectName }, { error: 'body must be a JSON object' }),
  invalid: 'invalid project',
} satisfies RouteSchema;

export const projectRoute = {
  params: z.object({ name: z.string().refine((name) => !name.includes('\u0000'), 'must not contain NUL characters') }),
  invalid: 'invalid project name',
} satisfies RouteSchema;
