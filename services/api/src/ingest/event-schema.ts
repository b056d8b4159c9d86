import { z } from 'zod';
import { isStorableInstant } from '@error-tracker/contracts/db/storable-text';
import type { FieldProblem } from '../http/problem';
import { fieldProblems, parseInput } from '../http/validate';

/** Input limits: the documented API limits, plus the widths of the columns the values land in. */
export const LIMITS = {
  message: 10_000,
  project: 100,
  environment: 50,
  exceptionType: 200,
  source: 50,
  release: 200,
  userId: 200,
  requestId: 200,
  requestMethod: 16,
  requestUrl: 8_192,
  fingerprint: 1_000,
  fingerprintParts: 32,
  sourceFile: 1_000,
  sourceLine: 10_000,
  sourceLines: 50,
} as const;

/** Level names clients send, ours and the common aliases (Python logging, Sentry's `log`). */
type Level = 'fatal' | 'error' | 'warning' | 'info' | 'debug';

const LEVEL_ALIASES: Readonly<Record<string, Level>> = {
  fatal: 'fatal',
  critical: 'fatal',
  error: 'error',
  warning: 'warning',
  warn: 'warning',
  info: 'info',
  log: 'info',
  debug: 'debug',
};

const text = (max: number) => z.string({ error: 'must be a string' }).max(max, `must be at most ${max} characters`);
const name = (max: number) =>
  z.string({ error: 'must be a string' }).trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const jsonObject = z.record(z.string(), z.unknown(), { error: 'must be a JSON object' });

/** An identifier a client may send as a string or a number; kept as a string. */
const identifier = (max: number) => z.union([text(max), z.number().transform(String)], { error: 'must be a string' });

const traceField = z.union([z.string(), z.array(z.string({ error: 'must contain only strings' }))], {
  error: 'must be a string or an array of lines',
});

/** The level a client's name stands for; own keys only (`constructor` is not a level). */
export function levelOf(name: string): Level | undefined {
  const key = name.toLowerCase();
  return Object.hasOwn(LEVEL_ALIASES, key) ? LEVEL_ALIASES[key] : undefined;
}

const level = z
  .string({ error: 'must be a string' })
  .meta({
    default: 'error',
    examples: Object.keys(LEVEL_ALIASES),
    description: `one of ${Object.keys(LEVEL_ALIASES).join(', ')}, in any case`,
  })
  .transform((value, ctx) => {
    const known = levelOf(value);
    if (known) return known;
    ctx.addIssue({ code: 'custom', message: 'must be one of fatal, error, warning, info, debug' });
    return z.NEVER;
  });

const timestamp = z
  .union([z.string(), z.number()], { error: 'must be an ISO 8601 string or epoch seconds' })
  .transform((value, ctx) => {
    const date = typeof value === 'number' ? new Date(value * 1000) : new Date(value);
    const ok = isStorableInstant(date) && (typeof value === 'number' || /^\d{4}-\d{2}-\d{2}([T ]|$)/.test(value));
    if (ok) return date;
    ctx.addIssue({
      code: 'custom',
      message: 'must be an ISO 8601 timestamp (e.g. 2026-01-01T12:00:00Z) between years 1 and 9999',
    });
    return z.NEVER;
  });

const fingerprint = z.union(
  [
    text(LIMITS.fingerprint).min(1, 'must not be empty'),
    z
      .array(text(LIMITS.fingerprint), { error: 'must be a string or an array of strings' })
      .min(1, 'must not be empty')
      .max(LIMITS.fingerprintParts, `must have at most ${LIMITS.fingerprintParts} parts`),
  ],
  { error: 'must be a string or an array of strings' },
);

const sourceLines = z
  .array(text(LIMITS.sourceLine), { error: 'must be an array of lines' })
  .max(LIMITS.sourceLines, `must have at most ${LIMITS.sourceLines} lines`);

/** Source lines around the line that raised. */
const sourceContext = z.object(
  {
    file: name(LIMITS.sourceFile),
    lineno: z.number({ error: 'must be an integer' }).int('must be an integer').positive('must be at least 1'),
    context_line: text(LIMITS.sourceLine),
    pre_context: sourceLines.optional(),
    post_context: sourceLines.optional(),
  },
  { error: 'must be an object with file, lineno and context_line' },
);

/** The body of POST /api/errors (also one item of a batch). Unknown fields are ignored. */
export const errorEventSchema = z
  .object(
    {
      message: text(LIMITS.message),
      project: name(LIMITS.project).meta({ default: 'default' }).optional(),
      environment: name(LIMITS.environment).meta({ default: 'production' }).optional(),
      exception_type: name(LIMITS.exceptionType).optional(),
      exception_class: name(LIMITS.exceptionType).meta({ description: 'alias of exception_type' }).optional(),
      traceback: traceField.optional(),
      stack_trace: traceField.optional(),
      backtrace: traceField.optional(),
      level: level.optional(),
      source: name(LIMITS.source).meta({ default: 'backend' }).optional(),
      request_url: text(LIMITS.requestUrl).optional(),
      url: text(LIMITS.requestUrl).optional(),
      // Upper-cased before the length check: 'ß' becomes 'SS'.
      request_method: z
        .string({ error: 'must be a string' })
        .trim()
        .min(1, 'must not be empty')
        .transform((method) => method.toUpperCase())
        .pipe(z.string().max(LIMITS.requestMethod, `must be at most ${LIMITS.requestMethod} characters`))
        .optional(),
      request_headers: jsonObject.optional(),
      user_id: identifier(LIMITS.userId).optional(),
      request_id: identifier(LIMITS.requestId).meta({ description: "kept in the occurrence's extra as request_id" }).optional(),
      params: jsonObject
        .meta({ description: "the request's parameters: kept in the occurrence's extra as params, secrets masked" })
        .optional(),
      extra: jsonObject.optional(),
      context: jsonObject.optional(),
      fingerprint: fingerprint.optional(),
      timestamp: timestamp.optional(),
      release: name(LIMITS.release).optional(),
      source_context: sourceContext.optional(),
    },
    { error: 'body must be a JSON object' },
  )
  .superRefine((event, ctx) => {
    const hasTrace = [event.traceback, event.stack_trace, event.backtrace].some((t) => t !== undefined);
    const hasType = event.exception_type !== undefined || event.exception_class !== undefined;
    if (event.message.trim() === '' && !hasTrace && !hasType) {
      ctx.addIssue({
        code: 'custom',
        path: ['message'],
        message: 'must not be empty unless exception_type or traceback is given',
      });
    }
  });

export type ErrorEventInput = z.infer<typeof errorEventSchema>;

export type ParseEventResult =
  { readonly ok: true; readonly event: ErrorEventInput } | { readonly ok: false; readonly errors: FieldProblem[] };

/** One item of a batch: validated on its own, so that one bad item does not sink the others. */
export function parseErrorEvent(body: unknown): ParseEventResult {
  const parsed = parseInput(errorEventSchema, body);
  return parsed.success ? { ok: true, event: parsed.data } : { ok: false, errors: fieldProblems(parsed.error, '(body)') };
}
