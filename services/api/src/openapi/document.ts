/**
 * OpenAPI 3.1 description of every route. What a request may hold is generated from the zod
 * schemas the routes validate with; answers are described here, and the API tests validate real
 * answers against them.
 */
import { errorEventSchema } from '../ingest/event-schema';
import { groupRoute, listGroupsRoute } from '../routes/groups.schema';
import { reportBatchRoute, reportErrorRoute } from '../routes/ingest.schema';
import { createProjectRoute, projectRoute } from '../routes/projects.schema';
import { statsRoute, trendsRoute } from '../routes/stats.schema';
import { parametersOf, requestSchema } from './from-zod';
import { withAccessAnswers } from './access-answers';
import { alertsPaths, alertsSchemas } from './alerts-paths';
import { monitoringPaths, monitoringSchemas } from './monitoring-paths';
import { eventsPaths } from './events-paths';
import { groupHoursPaths } from './group-hours-paths';
import { sessionPaths } from './session-paths';
import { assigneeSchema, last24hSchema, triagePaths, triageSchemas } from './triage-paths';
import { settingsPaths, settingsSchemas } from './settings-paths';

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, 'null'], ...extra });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const idParam = parametersOf(groupRoute.params, 'path');
const stateChange = (status: string, summary: string) => ({
  summary,
  parameters: idParam,
  responses: {
    '200': {
      description: `now ${status}`,
      content: json({
        type: 'object',
        required: ['status'],
        properties: { status: { const: status } },
        additionalProperties: false,
      }),
    },
    '400': problem('id is not a positive integer'),
    '401': problem('missing or wrong API key'),
    '404': problem('no such group'),
  },
});

const groupProperties = {
  id: { type: 'integer' },
  fingerprint: { type: 'string', pattern: '^[0-9a-f]{32}$' },
  project: { type: 'string' },
  environment: { type: 'string' },
  exception_type: { type: 'string' },
  message: { type: 'string' },
  level: { enum: ['fatal', 'error', 'warning', 'info', 'debug'] },
  source: { type: 'string' },
  culprit: nullable('string'),
  count: { type: 'integer', minimum: 1 },
  first_seen: { type: 'string', format: 'date-time' },
  last_seen: { type: 'string', format: 'date-time' },
  resolved: { type: 'boolean' },
  status: { enum: ['open', 'resolved', 'ignored'] },
  assignee: assigneeSchema,
};

const queuedWithId = {
  description: 'queued',
  content: json({
    type: 'object',
    required: ['status', 'id'],
    properties: { status: { const: 'queued' }, id: { type: 'string', format: 'uuid' } },
    additionalProperties: false,
  }),
};
const queuedEmpty = { description: 'queued; no body' };

/** POST /api/errors, and POST /ingest/errors for MiniAPM clients: one operation, two answers to a queued event. */
const reportErrorOperation = (queued: object, query: readonly object[]) => ({
  summary: 'Report an error',
  parameters: [
    {
      name: 'Prefer',
      in: 'header',
      schema: { type: 'string', examples: ['wait'] },
      description: 'wait: answer with the worker result (≤ 5 s)',
    },
    ...query,
  ],
  requestBody: { required: true, content: { ...json(ref('ErrorEvent')), 'text/plain': { schema: ref('ErrorEvent') } } },
  responses: {
    '202': queued,
    '201': {
      description: 'new group (Prefer: wait)',
      content: json({
        type: 'object',
        required: ['status', 'fingerprint', 'id'],
        properties: { status: { const: 'created' }, fingerprint: { type: 'string' }, id: { type: 'integer' } },
        additionalProperties: false,
      }),
    },
    '200': {
      description: 'existing group (Prefer: wait)',
      content: json({
        type: 'object',
        required: ['status', 'fingerprint', 'id', 'count'],
        properties: {
          status: { const: 'existing' },
          fingerprint: { type: 'string' },
          id: { type: 'integer' },
          count: { type: 'integer' },
        },
        additionalProperties: false,
      }),
    },
    '400': problem('invalid body, every bad field listed'),
    '401': problem('missing or wrong API key'),
    '413': problem('body too large, or the event over 1 MiB once its fields are cut'),
    '415': problem('not JSON'),
    '429': problem('rate limited (Retry-After)'),
    '503': problem('Redis unavailable, or the in-flight body budget full (Retry-After; the detail says which)'),
  },
});

const reportBatchOperation = {
  summary: 'Report up to 1,000 errors at once (1 MB), each validated on its own',
  requestBody: {
    required: true,
    content: json(requestSchema(reportBatchRoute.body)),
  },
  responses: {
    '202': {
      description: 'the valid ones were queued',
      content: json({
        type: 'object',
        required: ['accepted', 'rejected', 'ids'],
        properties: {
          accepted: { type: 'integer', minimum: 1 },
          rejected: {
            type: 'array',
            items: {
              type: 'object',
              required: ['index', 'errors'],
              properties: {
                index: { type: 'integer' },
                errors: { type: 'array', items: { type: 'object', required: ['field', 'message'] } },
              },
            },
          },
          ids: { type: 'array', items: { type: 'string', format: 'uuid' } },
        },
        additionalProperties: false,
      }),
    },
    '400': problem('no valid event, or not {"errors": [...]}'),
    '401': problem('missing or wrong API key'),
    '413': problem('body over 1 MB'),
    '415': problem('not JSON'),
    '429': problem('rate limited'),
    '503': problem('Redis unavailable, or the in-flight body budget full (Retry-After; the detail says which)'),
  },
};

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Error Tracker API',
    version: '0.1.0',
    description: 'Ingest errors, list and triage error groups, read stats and trends.',
  },
  components: {
    securitySchemes: {
      apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      bearer: { type: 'http', scheme: 'bearer' },
      sentryKey: { type: 'apiKey', in: 'query', name: 'sentry_key' },
      sentryAuth: { type: 'apiKey', in: 'header', name: 'X-Sentry-Auth', description: 'Sentry sentry_key=<public key>, …' },
    },
    schemas: {
      Problem: {
        type: 'object',
        required: ['type', 'title', 'status', 'detail'],
        properties: {
          type: { type: 'string' },
          title: { type: 'string' },
          status: { type: 'integer' },
          detail: { type: 'string' },
          errors: {
            type: 'array',
            items: {
              type: 'object',
              required: ['field', 'message'],
              properties: { field: { type: 'string' }, message: { type: 'string' } },
            },
          },
        },
      },
      ErrorEvent: requestSchema(errorEventSchema),
      ErrorSummary: {
        type: 'object',
        required: [...Object.keys(groupProperties), 'last_24h'],
        properties: { ...groupProperties, last_24h: last24hSchema },
        additionalProperties: false,
      },
      ...settingsSchemas,
      ...alertsSchemas,
      ...monitoringSchemas,
      ...triageSchemas,
      Project: {
        type: 'object',
        required: ['id', 'name', 'public_key', 'dsn', 'created_at'],
        properties: {
          id: { type: 'integer' },
          name: { type: 'string' },
          public_key: { type: 'string', pattern: '^[0-9a-f]{32}$' },
          dsn: { type: 'string', format: 'uri' },
          created_at: { type: 'string', format: 'date-time' },
        },
        additionalProperties: false,
      },
      SentryAccepted: {
        type: 'object',
        properties: { id: { type: 'string', pattern: '^[0-9a-f]{32}$' } },
        additionalProperties: false,
      },
      Frame: {
        type: 'object',
        required: ['file', 'line', 'column', 'function', 'in_app'],
        properties: {
          file: { type: 'string' },
          line: nullable('integer'),
          column: nullable('integer'),
          function: nullable('string'),
          in_app: { type: 'boolean' },
        },
      },
      ErrorDetail: {
        type: 'object',
        required: [...Object.keys(groupProperties), 'traceback', 'frames', 'resolved_at'],
        properties: {
          ...groupProperties,
          traceback: nullable('string'),
          frames: { type: 'array', items: ref('Frame') },
          resolved_at: nullable('string', { format: 'date-time' }),
        },
        additionalProperties: false,
      },
      Occurrence: {
        type: 'object',
        required: [
          'id',
          'event_id',
          'timestamp',
          'environment',
          'message',
          'request_url',
          'request_method',
          'request_headers',
          'user_id',
          'extra',
        ],
        properties: {
          id: { type: 'integer' },
          event_id: { type: 'string', format: 'uuid' },
          timestamp: { type: 'string', format: 'date-time' },
          environment: { type: 'string' },
          message: { type: 'string' },
          level: { type: 'string' },
          release: nullable('string'),
          request_url: nullable('string'),
          request_method: nullable('string'),
          request_headers: nullable('object'),
          user_id: nullable('string'),
          extra: nullable('object', {
            description:
              "the event's extra (alias context); a reported `params` object and `request_id` are kept here under those names. Secret-looking keys are masked.",
          }),
          source_context: {
            description:
              'source lines around the line that raised: {file, lineno, pre_context, context_line, post_context} as reported (Sentry events: line instead of lineno)',
          },
        },
        additionalProperties: false,
      },
    },
  },
  security: [{ apiKey: [] }, { bearer: [] }],
  paths: withAccessAnswers({
    '/api/errors': {
      post: reportErrorOperation(queuedWithId, parametersOf(reportErrorRoute.query, 'query')),
      get: {
        summary: 'List error groups',
        parameters: parametersOf(listGroupsRoute.query, 'query'),
        responses: {
          '200': {
            description: 'groups, newest first by the sort key; X-Cache: HIT|MISS',
            content: json({
              type: 'object',
              required: ['errors', 'total', 'total_exact', 'limit', 'offset'],
              properties: {
                errors: { type: 'array', items: ref('ErrorSummary') },
                total: {
                  type: 'integer',
                  minimum: 0,
                  description: 'matching groups, counted exactly up to 10,000 (1,000 for a search); past that a lower bound',
                },
                total_exact: { type: 'boolean', description: 'false when `total` is a lower bound (more groups match)' },
                limit: { type: 'integer' },
                offset: { type: 'integer' },
              },
              additionalProperties: false,
            }),
          },
          '400': problem('invalid query parameter'),
          '401': problem('missing or wrong API key'),
        },
      },
    },
    '/ingest/errors': {
      post: {
        ...reportErrorOperation(
          queuedEmpty,
          parametersOf(reportErrorRoute.query, 'query').filter((p) => p.name !== 'api_key'),
        ),
        summary: 'Report an error (MiniAPM path): as POST /api/errors, answered 202 with an empty body',
        security: [{ bearer: [] }, { apiKey: [] }],
      },
    },
    '/api/errors/{id}': {
      get: {
        summary: 'One group with its parsed frames and newest occurrences',
        parameters: idParam,
        responses: {
          '200': {
            description: 'the group',
            content: json({
              type: 'object',
              required: ['error', 'occurrences'],
              properties: { error: ref('ErrorDetail'), occurrences: { type: 'array', maxItems: 5, items: ref('Occurrence') } },
              additionalProperties: false,
            }),
          },
          '400': problem('id is not a positive integer'),
          '401': problem('missing or wrong API key'),
          '404': problem('no such group'),
        },
      },
      delete: {
        summary: 'Delete a group and its occurrences',
        parameters: idParam,
        responses: {
          '204': { description: 'deleted' },
          '400': problem('bad id'),
          '401': problem('missing or wrong API key'),
          '404': problem('no such group'),
        },
      },
    },
    '/api/errors/{id}/resolve': { post: stateChange('resolved', 'Resolve'), put: stateChange('resolved', 'Resolve') },
    '/api/errors/{id}/unresolve': { post: stateChange('open', 'Reopen'), put: stateChange('open', 'Reopen') },
    '/api/errors/{id}/ignore': { post: stateChange('ignored', 'Ignore'), put: stateChange('ignored', 'Ignore') },
    '/api/errors/batch': { post: reportBatchOperation },
    '/ingest/errors/batch': {
      post: {
        ...reportBatchOperation,
        summary: `${reportBatchOperation.summary} (MiniAPM path)`,
        security: [{ bearer: [] }, { apiKey: [] }],
      },
    },
    '/api/projects': {
      get: {
        summary: 'Projects that reported errors, sorted',
        responses: {
          '200': {
            description: 'names',
            content: json({
              type: 'object',
              required: ['projects'],
              properties: { projects: { type: 'array', items: { type: 'string' } } },
              additionalProperties: false,
            }),
          },
          '401': problem('missing or wrong API key'),
        },
      },
      post: {
        summary: 'Create a project (and its DSN for Sentry SDKs)',
        requestBody: { required: true, content: json(requestSchema(createProjectRoute.body)) },
        responses: {
          '201': { description: 'created', content: json(ref('Project')) },
          '400': problem('invalid name'),
          '401': problem('missing or wrong API key'),
          '409': problem('the name is taken'),
        },
      },
    },
    '/api/projects/{name}': {
      get: {
        summary: 'A project with its DSN',
        parameters: parametersOf(projectRoute.params, 'path'),
        responses: {
          '200': { description: 'the project', content: json(ref('Project')) },
          '401': problem('missing or wrong API key'),
          '404': problem('no such project'),
        },
      },
    },
    '/api/{project_id}/envelope/': {
      post: {
        security: [{ sentryKey: [] }, { sentryAuth: [] }],
        summary: 'Sentry envelope ingest (any content type; gzip, deflate, br)',
        parameters: [{ name: 'project_id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: {
          '200': { description: 'accepted; {} when the envelope held no event', content: json(ref('SentryAccepted')) },
          '400': problem('malformed envelope, or more than one event'),
          '401': problem('missing or wrong DSN key'),
          '413': problem('event over 1 MB or envelope over 20 MB'),
          '429': problem('rate limited (Retry-After, X-Sentry-Rate-Limits)'),
          '503': problem('Redis unavailable, or the in-flight body budget full (Retry-After; the detail says which)'),
        },
      },
    },
    '/api/{project_id}/store/': {
      post: {
        security: [{ sentryKey: [] }, { sentryAuth: [] }],
        summary: 'Sentry store ingest: one event as JSON',
        parameters: [{ name: 'project_id', in: 'path', required: true, schema: { type: 'integer' } }],
        responses: {
          '200': { description: 'accepted', content: json(ref('SentryAccepted')) },
          '400': problem('not a JSON object'),
          '401': problem('missing or wrong DSN key'),
          '413': problem('event over 1 MB'),
          '429': problem('rate limited (Retry-After, X-Sentry-Rate-Limits)'),
          '503': problem('Redis unavailable, or the in-flight body budget full (Retry-After; the detail says which)'),
        },
      },
    },
    '/api/stats': {
      get: {
        summary: 'Totals (groups) and event counts (UTC calendar periods)',
        parameters: parametersOf(statsRoute.query, 'query'),
        responses: {
          '200': {
            description: 'stats; X-Cache: HIT|MISS',
            content: json({
              type: 'object',
              required: [
                'total_errors',
                'resolved_errors',
                'errors_today',
                'errors_this_week',
                'errors_this_month',
                'error_rate_24h',
                'resolution_rate',
                'avg_resolution_time',
              ],
              properties: {
                total_errors: { type: 'integer' },
                resolved_errors: { type: 'integer' },
                errors_today: { type: 'integer' },
                errors_this_week: { type: 'integer' },
                errors_this_month: { type: 'integer' },
                error_rate_24h: { type: 'number', description: 'events per hour over the last 24 hours' },
                resolution_rate: { type: 'number', description: 'resolved groups, % of all groups' },
                avg_resolution_time: nullable('string', { description: 'like "2h 15m"' }),
              },
              additionalProperties: false,
            }),
          },
          '401': problem('missing or wrong API key'),
        },
      },
    },
    '/api/analytics/trends': {
      get: {
        summary: 'Events, resolutions and critical events per bucket',
        parameters: parametersOf(trendsRoute.query, 'query'),
        responses: {
          '200': {
            description: 'data points, oldest first; X-Cache: HIT|MISS',
            content: json({
              type: 'object',
              required: ['period', 'group_by', 'data_points'],
              properties: {
                period: { type: 'string' },
                group_by: { type: 'string' },
                data_points: {
                  type: 'array',
                  items: {
                    type: 'object',
                    required: ['timestamp', 'error_count', 'resolved_count', 'critical_count'],
                    properties: {
                      timestamp: { type: 'string', format: 'date-time' },
                      error_count: { type: 'integer' },
                      resolved_count: { type: 'integer' },
                      critical_count: { type: 'integer' },
                    },
                    additionalProperties: false,
                  },
                },
              },
              additionalProperties: false,
            }),
          },
          '400': problem('invalid period or group_by'),
          '401': problem('missing or wrong API key'),
        },
      },
    },
    '/api/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    ...settingsPaths,
    ...alertsPaths,
    ...monitoringPaths,
    ...sessionPaths,
    ...triagePaths,
    ...groupHoursPaths,
    ...eventsPaths,
    '/health': {
      get: {
        security: [],
        summary: 'Liveness',
        responses: {
          '200': {
            description: 'up',
            content: json({
              type: 'object',
              required: ['status', 'timestamp'],
              properties: { status: { const: 'ok' }, timestamp: { type: 'string', format: 'date-time' } },
            }),
          },
        },
      },
    },
    '/ready': {
      get: {
        security: [],
        summary: 'Readiness: PostgreSQL and Redis answer',
        responses: {
          '200': {
            description: 'ready',
            content: json({
              type: 'object',
              required: ['status', 'checks'],
              properties: { status: { const: 'ready' }, checks: { type: 'object' } },
            }),
          },
          '503': {
            description: 'a dependency is down',
            content: json({
              type: 'object',
              required: ['status', 'checks'],
              properties: { status: { const: 'unavailable' }, checks: { type: 'object' } },
            }),
          },
        },
      },
    },
  }),
};
