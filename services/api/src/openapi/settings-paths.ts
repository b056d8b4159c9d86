import {
  acceptRoute,
  apiKeyRoute,
  auditLogRoute,
  configureIntegrationRoute,
  createApiKeyRoute,
  integrationRoute,
  inviteRoute,
  memberRoute,
  updateMemberRoute,
} from '../routes/settings.schema';
import { parametersOf, requestSchema } from './from-zod';

/** The admin surface: API keys, the team, the audit log. */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const dateTime = { type: 'string', format: 'date-time' };
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' };
const permissions = { type: 'array', items: { enum: ['ingest', 'read', 'write', 'admin'] } };
const role = { enum: ['owner', 'admin', 'developer', 'viewer'] };
const denied = {
  '401': problem('missing, unknown, expired or revoked key'),
  '403': problem('the key lacks the admin permission'),
};

export const settingsSchemas = {
  ApiKey: {
    type: 'object',
    required: ['id', 'name', 'key_preview', 'permissions', 'expires_at', 'last_used', 'created_at', 'member_id'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string' },
      key_preview: { type: 'string', pattern: '^et_\\*{4}[0-9A-Za-z]{4}$' },
      permissions,
      expires_at: nullableDateTime,
      last_used: { ...nullableDateTime, description: 'updated at most once a minute' },
      created_at: dateTime,
      member_id: { type: ['integer', 'null'] },
    },
    additionalProperties: false,
  },
  NewApiKey: {
    type: 'object',
    required: ['id', 'name', 'key_preview', 'permissions', 'expires_at', 'last_used', 'created_at', 'member_id', 'key'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string' },
      key_preview: { type: 'string' },
      permissions,
      expires_at: nullableDateTime,
      last_used: nullableDateTime,
      created_at: dateTime,
      member_id: { type: ['integer', 'null'] },
      key: { type: 'string', pattern: '^et_[0-9A-Za-z]{32,}$', description: 'shown once' },
    },
    additionalProperties: false,
  },
  Member: {
    type: 'object',
    required: ['id', 'name', 'email', 'role', 'status', 'last_active', 'created_at'],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string' },
      email: { type: 'string' },
      role,
      status: { enum: ['invited', 'active', 'disabled'] },
      last_active: nullableDateTime,
      created_at: dateTime,
    },
    additionalProperties: false,
  },
};

const integration = {
  type: 'object',
  required: ['name', 'status', 'config', 'last_test', 'last_error'],
  properties: {
    name: { enum: ['email', 'slack', 'discord', 'teams', 'pagerduty', 'webhook', 'sms'] },
    status: { enum: ['connected', 'configured', 'not_configured', 'failing'] },
    config: { type: ['object', 'null'], description: 'secrets (webhook URLs, secret, routing_key, auth_token) masked' },
    last_test: { type: ['string', 'null'], format: 'date-time' },
    last_error: { type: ['string', 'null'] },
    test: { type: 'object', properties: { state: { enum: ['sent', 'failed', 'pending'] }, error: { type: ['string', 'null'] } } },
  },
};

export const settingsPaths = {
  '/api/settings/integrations': {
    get: {
      summary: 'Every channel with its status and masked config',
      responses: {
        '200': {
          description: 'integrations',
          content: json({
            type: 'object',
            required: ['integrations'],
            properties: { integrations: { type: 'array', items: integration } },
            additionalProperties: false,
          }),
        },
        ...denied,
      },
    },
  },
  '/api/settings/integrations/{name}': {
    put: {
      summary: "Configure a channel (validated against the channel's own schema)",
      parameters: parametersOf(configureIntegrationRoute.params, 'path'),
      requestBody: { required: true, content: json(requestSchema(configureIntegrationRoute.body)) },
      responses: {
        '200': { description: 'stored', content: json(integration) },
        '400': problem('invalid config, every field listed'),
        ...denied,
      },
    },
  },
  '/api/settings/integrations/{name}/test': {
    post: {
      summary: 'Send a real test message through a notifier; 202 when none took it within 15 s',
      parameters: parametersOf(integrationRoute.params, 'path'),
      responses: {
        '200': { description: 'sent or failed: see test.state and last_error', content: json(integration) },
        '202': { description: 'queued: no notifier took it yet', content: json(integration) },
        '400': problem('unknown integration'),
        ...denied,
        '409': problem('not configured'),
      },
    },
  },
  '/api/settings/api-keys': {
    get: {
      summary: 'Live API keys (never the key or its hash)',
      responses: {
        '200': {
          description: 'keys',
          content: json({
            type: 'object',
            required: ['api_keys'],
            properties: { api_keys: { type: 'array', items: ref('ApiKey') } },
            additionalProperties: false,
          }),
        },
        ...denied,
      },
    },
    post: {
      summary: 'Create a key: the answer is the only time the key is shown',
      requestBody: { required: true, content: json(requestSchema(createApiKeyRoute.body)) },
      responses: {
        '201': { description: 'created', content: json(ref('NewApiKey')) },
        '400': problem('invalid body, every bad field listed'),
        ...denied,
      },
    },
  },
  '/api/settings/api-keys/{id}': {
    delete: {
      summary: 'Revoke a key (refused by every API replica within 5 s)',
      parameters: parametersOf(apiKeyRoute.params, 'path'),
      responses: { '204': { description: 'revoked' }, '400': problem('bad id'), ...denied, '404': problem('no such live key') },
    },
  },
  '/api/settings/team': {
    get: {
      summary: 'Members and invited people',
      responses: {
        '200': {
          description: 'members',
          content: json({
            type: 'object',
            required: ['members'],
            properties: { members: { type: 'array', items: ref('Member') } },
            additionalProperties: false,
          }),
        },
        ...denied,
      },
    },
  },
  '/api/settings/team/invite': {
    post: {
      summary: 'Invite by email: a one-time link, valid 7 days, through the alert mail transport',
      requestBody: { required: true, content: json(requestSchema(inviteRoute.body)) },
      responses: {
        '201': {
          description: 'invited; accept_url only when no email could carry it',
          content: json({
            allOf: [
              ref('Member'),
              {
                type: 'object',
                required: ['invitation'],
                properties: {
                  invitation: {
                    type: 'object',
                    required: ['expires_at', 'email_sent'],
                    properties: {
                      expires_at: dateTime,
                      email_sent: { type: 'boolean' },
                      accept_url: { type: 'string', format: 'uri' },
                    },
                  },
                },
              },
            ],
          }),
        },
        '400': problem('invalid body'),
        ...denied,
        '409': problem('already a member'),
      },
    },
  },
  '/api/settings/team/accept': {
    post: {
      security: [],
      summary: 'Accept an invitation (no key: the token is the credential); answers the member’s first key',
      requestBody: { required: true, content: json(requestSchema(acceptRoute.body)) },
      responses: {
        '201': {
          description: 'joined',
          content: json({
            type: 'object',
            required: ['member', 'api_key'],
            properties: { member: ref('Member'), api_key: ref('NewApiKey') },
            additionalProperties: false,
          }),
        },
        '400': problem('invalid body'),
        '404': problem('unknown, expired or already accepted invitation'),
      },
    },
  },
  '/api/settings/team/{id}': {
    patch: {
      summary: 'Change role, status (active/disabled) or name',
      parameters: parametersOf(updateMemberRoute.params, 'path'),
      requestBody: { required: true, content: json(requestSchema(updateMemberRoute.body)) },
      responses: {
        '200': { description: 'the member', content: json(ref('Member')) },
        '400': problem('invalid change'),
        ...denied,
        '404': problem('no such member'),
        '409': problem('the last owner, or an invited member'),
      },
    },
    delete: {
      summary: 'Remove a member; their keys stop working',
      parameters: parametersOf(memberRoute.params, 'path'),
      responses: {
        '204': { description: 'removed' },
        '400': problem('bad id'),
        ...denied,
        '404': problem('no such member'),
        '409': problem('the last owner'),
      },
    },
  },
  '/api/settings/audit-log': {
    get: {
      summary: 'Every write and admin action, newest first',
      parameters: parametersOf(auditLogRoute.query, 'query'),
      responses: {
        '200': {
          description: 'a page of entries',
          content: json({
            type: 'object',
            required: ['entries', 'limit', 'offset'],
            properties: {
              entries: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['id', 'at', 'actor', 'action', 'target', 'details', 'client_ip'],
                  properties: {
                    id: { type: 'integer' },
                    at: dateTime,
                    actor: { type: 'object', required: ['label', 'key_id', 'member_id'] },
                    action: { type: 'string' },
                    target: { type: 'object', required: ['type', 'id'] },
                    details: { type: ['object', 'null'] },
                    client_ip: { type: ['string', 'null'] },
                  },
                },
              },
              limit: { type: 'integer' },
              offset: { type: 'integer' },
            },
            additionalProperties: false,
          }),
        },
        '400': problem('invalid query'),
        ...denied,
      },
    },
  },
};
