import { z } from 'zod';

/** A query text PostgreSQL can take: NUL is the one character it refuses. */
export const queryText = (max: number) =>
  z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');

/** A path id: a positive integer that fits a bigint column and a JavaScript number. */
export const positiveId = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'must be a positive integer')
  .transform(Number)
  .refine((id) => Number.isSafeInteger(id), 'must be a positive integer');

/** A name or title: trimmed, not empty, at most `max` characters, no NUL. */
export const requiredText = (max: number) =>
  z
    .string({ error: 'must be a string' })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL characters');
