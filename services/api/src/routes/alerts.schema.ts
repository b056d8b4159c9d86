import { z } from 'zod';
import { CHANNEL_NAMES } from '@error-tracker/contracts/integrations';
import { positiveId, requiredText } from '../http/fields';
import type { RouteSchema } from '../http/validate';
import { MAX_WINDOW_MINUTES, MIN_WINDOW_MINUTES, parseCondition, parseWindow } from '../alerts/time-window';

const severity = z.enum(['low', 'medium', 'high', 'critical'], { error: 'must be low, medium, high or critical' });
const level = z.enum(['fatal', 'error', 'warning', 'info', 'debug'], { error: 'must be fatal, error, warning, info or debug' });
const byId = z.object({ id: positiveId });

const ruleBody = z
  .object(
    {
      name: requiredText(100),
      kind: z
        .enum(['threshold', 'new_error', 'regression'], { error: 'must be threshold, new_error or regression' })
        .default('threshold'),
      condition: z.string({ error: 'must be a string' }).max(200, 'must be at most 200 characters').optional(),
      threshold: z
        .number({ error: 'must be a number' })
        .int('must be a whole number')
        .min(0, 'must be 0 or more')
        .max(1_000_000_000, 'must be at most 1000000000')
        .optional(),
      time_window: z.string({ error: 'must be a string such as 5m or 1h' }).max(20, 'must be at most 20 characters').optional(),
      notifications: z
        .array(z.enum(CHANNEL_NAMES, { error: `must be one of ${CHANNEL_NAMES.join(', ')}` }), { error: 'must be an array' })
        .max(CHANNEL_NAMES.length)
        .default([]),
      enabled: z.boolean({ error: 'must be true or false' }).default(true),
      filters: z
        .object(
          { project: requiredText(100).optional(), environment: requiredText(50).optional(), level: level.optional() },
          { error: 'must be an object' },
        )
        .default({}),
      recipients: z
        .array(z.email('must be an email address').max(254), { error: 'must be an array' })
        .max(50, 'must hold at most 50 addresses')
        .default([]),
      incident_severity: severity.optional(),
    },
    { error: 'body must be a JSON object' },
  )
  .transform((body, ctx) => {
    const stated = body.condition === undefined ? {} : parseCondition(body.condition);
    if (stated === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['condition'],
        message: 'must read `error_count > <number or threshold> in <window or time_window>`',
      });
      return z.NEVER;
    }
    const windowMinutes = body.time_window === undefined ? stated.windowMinutes : parseWindow(body.time_window);
    if (body.time_window !== undefined && windowMinutes === undefined) {
      ctx.addIssue({ code: 'custom', path: ['time_window'], message: 'must be minutes or hours, such as 5m, 90m or 1h' });
    }
    const threshold = body.threshold ?? stated.threshold;
    if (stated.threshold !== undefined && body.threshold !== undefined && stated.threshold !== body.threshold) {
      ctx.addIssue({
        code: 'custom',
        path: ['condition'],
        message: `says ${stated.threshold} where threshold is ${body.threshold}`,
      });
    }
    if (body.kind === 'threshold') {
      if (threshold === undefined)
        ctx.addIssue({ code: 'custom', path: ['threshold'], message: 'is required for a threshold rule' });
      if (body.time_window === undefined && windowMinutes === undefined)
        ctx.addIssue({ code: 'custom', path: ['time_window'], message: 'is required for a threshold rule' });
      if (windowMinutes !== undefined && (windowMinutes < MIN_WINDOW_MINUTES || windowMinutes > MAX_WINDOW_MINUTES)) {
        ctx.addIssue({ code: 'custom', path: ['time_window'], message: 'must be from 1m to 24h' });
      }
    }
    return { ...body, threshold: threshold ?? null, windowMinutes: windowMinutes ?? null };
  });

export type RuleInput = z.output<typeof ruleBody>;

export const createRuleRoute = { body: ruleBody, invalid: 'invalid alert rule' } satisfies RouteSchema;
export const ruleRoute = { params: byId, invalid: 'id must be a positive integer' } satisfies RouteSchema;
export const updateRuleRoute = { params: byId, body: ruleBody, invalid: 'invalid alert rule' } satisfies RouteSchema;

const incidentBody = z.object(
  {
    title: requiredText(200),
    severity,
    status: z
      .enum(['investigating', 'identified', 'monitoring', 'resolved'], {
        error: 'must be investigating, identified, monitoring or resolved',
      })
      .default('investigating'),
    description: z.string({ error: 'must be a string' }).max(10_000, 'must be at most 10000 characters').default(''),
    assigned_to: z
      .union([requiredText(200), z.number().int().positive().transform(String)], { error: 'must be a member id or a name' })
      .nullable()
      .default(null),
    error_ids: z
      .array(z.number().int().positive(), { error: 'must be an array of group ids' })
      .max(1_000, 'must hold at most 1000 ids')
      .default([]),
  },
  { error: 'body must be a JSON object' },
);

export type IncidentInput = z.output<typeof incidentBody>;

export const createIncidentRoute = { body: incidentBody, invalid: 'invalid incident' } satisfies RouteSchema;
export const incidentRoute = { params: byId, invalid: 'id must be a positive integer' } satisfies RouteSchema;
export const updateIncidentRoute = { params: byId, body: incidentBody, invalid: 'invalid incident' } satisfies RouteSchema;
