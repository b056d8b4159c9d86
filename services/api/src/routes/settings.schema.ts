import { z } from 'zod';
import { PERMISSIONS } from '@error-tracker/contracts/db/api-keys';
import { CHANNEL_NAMES } from '@error-tracker/contracts/integrations';
import { positiveId, requiredText } from '../http/fields';
import type { RouteSchema } from '../http/validate';
import { ROLES } from '../access/roles';

const permission = z.enum(PERMISSIONS, { error: `must be one of ${PERMISSIONS.join(', ')}` });
const role = z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` });
const byId = z.object({ id: positiveId });

export const createApiKeyRoute = {
  body: z.object(
    {
      name: requiredText(100),
      permissions: z.array(permission, { error: 'must be an array' }).min(1, 'must name at least one permission'),
      expires_at: z.iso
        .datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2027-01-01T00:00:00Z' })
        .refine((value) => Date.parse(value) > Date.now(), 'must be in the future')
        .optional(),
    },
    { error: 'body must be a JSON object' },
  ),
  invalid: 'invalid API key request',
} satisfies RouteSchema;

export const apiKeyRoute = { params: byId, invalid: 'id must be a positive integer' } satisfies RouteSchema;

export const inviteRoute = {
  body: z.object(
    {
      email: z.email('must be an email address').max(254, 'must be at most 254 characters'),
      role,
      name: requiredText(100).optional(),
    },
    { error: 'body must be a JSON object' },
  ),
  invalid: 'invalid invitation',
} satisfies RouteSchema;

export const acceptRoute = {
  body: z.object({ token: requiredText(200), name: requiredText(100) }, { error: 'body must be a JSON object' }),
  invalid: 'invalid acceptance',
} satisfies RouteSchema;

export const memberRoute = { params: byId, invalid: 'id must be a positive integer' } satisfies RouteSchema;

export const updateMemberRoute = {
  params: byId,
  body: z
    .object(
      {
        role: role.optional(),
        status: z.enum(['active', 'disabled'], { error: 'must be active or disabled' }).optional(),
        name: requiredText(100).optional(),
      },
      { error: 'body must be a JSON object' },
    )
    .refine((change) => Object.values(change).some((value) => value !== undefined), 'give role, status or name'),
  invalid: 'invalid member change',
} satisfies RouteSchema;

export const auditLogRoute = {
  query: z.object({
    limit: z
      .string()
      .regex(/^\d{1,4}$/, 'must be a whole number')
      .meta({ default: '50', description: '1 to 200' })
      .transform(Number)
      .refine((n) => n >= 1 && n <= 200, 'must be 1 to 200')
      .default(50),
    offset: z
      .string()
      .regex(/^\d{1,9}$/, 'must be a whole number')
      .meta({ default: '0' })
      .transform(Number)
      .default(0),
  }),
  invalid: 'invalid query parameters',
} satisfies RouteSchema;

const integrationName = z.object({ name: z.enum(CHANNEL_NAMES, { error: `must be one of ${CHANNEL_NAMES.join(', ')}` }) });

/** The config is checked against its channel's own schema by the route (the channel is in the path). */
export const integrationRoute = { params: integrationName, invalid: 'unknown integration' } satisfies RouteSchema;
export const configureIntegrationRoute = {
  params: integrationName,
  body: z.object(
    { config: z.record(z.string(), z.unknown(), { error: 'must be a JSON object' }) },
    { error: 'body must be {"config": {…}}' },
  ),
  invalid: 'invalid integration',
} satisfies RouteSchema;
