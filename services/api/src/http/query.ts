import type { Request } from 'express';
import { z } from 'zod';
import { badRequest } from './problem';

/** Parses req.query with a schema; a 400 names every bad parameter. Repeated parameters are refused. */
export function parseQuery<S extends z.ZodType>(req: Request, schema: S): z.infer<S> {
  const repeated = Object.entries(req.query)
    .filter(([, value]) => typeof value !== 'string')
    .map(([name]) => ({ field: name, message: 'must be given once, as a plain value' }));
  if (repeated.length > 0) throw badRequest('invalid query parameters', repeated);
  const parsed = schema.safeParse(req.query);
  if (parsed.success) return parsed.data;
  throw badRequest(
    'invalid query parameters',
    parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(query)', message: issue.message })),
  );
}

/** A path id: a positive integer, else 400. */
export function parseId(raw: string | undefined): number {
  const id = Number(raw);
  if (raw === undefined || !/^[1-9]\d{0,15}$/.test(raw) || !Number.isSafeInteger(id)) {
    throw badRequest('id must be a positive integer', [{ field: 'id', message: 'must be a positive integer' }]);
  }
  return id;
}

/** A query text PostgreSQL can take: NUL is the one character it refuses. */
export const queryText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
