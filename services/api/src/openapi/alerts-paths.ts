import {
  createIncidentRoute,
  createRuleRoute,
  incidentRoute,
  ruleRoute,
  updateIncidentRoute,
  updateRuleRoute,
} from '../routes/alerts.schema';
import { parametersOf, requestSchema } from './from-zod';

/** Alert rules and incidents. */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const dateTime = { type: 'string', format: 'date-time' };
const nullable = (type: string) => ({ type: [type, 'null'] });
const severity = { enum: ['low', 'medium', 'high', 'critical'] };

export const alertsSchemas = {
  AlertRule: {
    type: 'object',
    required: [
      'id',
      'name',
      'kind',
      'condition',
      'threshold',
      'time_window',
      'filters',
      'notifications',
      'recipients',
      'incident_severity',
      'enabled',
      'state',
      'last_triggered',
      'last_error',
      'created_at',
      'updated_at',
    ],
    properties: {
      id: { type: 'integer' },
      name: { type: 'string' },
      kind: { enum: ['threshold', 'new_error', 'regression'] },
      condition: {
        type: 'string',
        description: 'what the rule watches, in words: `error_count > 50 in 5m where project = shop`',
      },
      threshold: nullable('integer'),
      time_window: { type: ['string', 'null'], examples: ['5m', '1h'] },
      filters: {
        type: 'object',
        properties: { project: nullable('string'), environment: nullable('string'), level: nullable('string') },
      },
      notifications: { type: 'array', items: { type: 'string' } },
      recipients: { type: 'array', items: { type: 'string' } },
      incident_severity: { anyOf: [severity, { type: 'null' }] },
      enabled: { type: 'boolean' },
      state: { enum: ['ok', 'firing'] },
      last_count: nullable('integer'),
      last_evaluated: { type: ['string', 'null'], format: 'date-time' },
      last_triggered: { type: ['string', 'null'], format: 'date-time' },
      last_error: { type: ['string', 'null'], description: 'the last delivery that failed for good, by channel' },
      created_at: dateTime,
      updated_at: dateTime,
    },
    additionalProperties: false,
  },
  Incident: {
    type: 'object',
    required: [
      'id',
      'title',
      'severity',
      'status',
      'description',
      'assigned_to',
      'rule_id',
      'error_ids',
      'created_at',
      'updated_at',
      'resolved_at',
    ],
    properties: {
      id: { type: 'integer' },
      title: { type: 'string' },
      severity,
      status: { enum: ['investigating', 'identified', 'monitoring', 'resolved'] },
      description: { type: 'string' },
      assigned_to: { type: ['string', 'null'], description: 'a member id or a name, kept as given' },
      rule_id: nullable('integer'),
      error_ids: { type: 'array', items: { type: 'integer' } },
      created_at: dateTime,
      updated_at: dateTime,
      resolved_at: { type: ['string', 'null'], format: 'date-time' },
    },
    additionalProperties: false,
  },
};

const list = (name: string, item: string) =>
  json({
    type: 'object',
    required: [name],
    properties: { [name]: { type: 'array', items: ref(item) } },
    additionalProperties: false,
  });

export const alertsPaths = {
  '/api/alerts/rules': {
    get: {
      summary: 'Alert rules with their state',
      responses: { '200': { description: 'rules', content: list('rules', 'AlertRule') } },
    },
    post: {
      summary: 'Create a rule (the seed-001 body is accepted as written)',
      requestBody: { required: true, content: json(requestSchema(createRuleRoute.body)) },
      responses: {
        '201': { description: 'created', content: json(ref('AlertRule')) },
        '400': problem('invalid rule, every problem listed'),
      },
    },
  },
  '/api/alerts/rules/{id}': {
    get: {
      summary: 'One rule',
      parameters: parametersOf(ruleRoute.params, 'path'),
      responses: {
        '200': { description: 'the rule', content: json(ref('AlertRule')) },
        '400': problem('bad id'),
        '404': problem('no such rule'),
      },
    },
    put: {
      summary: 'Replace a rule',
      parameters: parametersOf(updateRuleRoute.params, 'path'),
      requestBody: { required: true, content: json(requestSchema(updateRuleRoute.body)) },
      responses: {
        '200': { description: 'the rule', content: json(ref('AlertRule')) },
        '400': problem('invalid rule'),
        '404': problem('no such rule'),
      },
    },
    delete: {
      summary: 'Delete a rule',
      parameters: parametersOf(ruleRoute.params, 'path'),
      responses: { '204': { description: 'deleted' }, '400': problem('bad id'), '404': problem('no such rule') },
    },
  },
  '/api/alerts/incidents': {
    get: {
      summary: 'Incidents, newest first',
      responses: { '200': { description: 'incidents', content: list('incidents', 'Incident') } },
    },
    post: {
      summary: 'Open an incident',
      requestBody: { required: true, content: json(requestSchema(createIncidentRoute.body)) },
      responses: { '201': { description: 'created', content: json(ref('Incident')) }, '400': problem('invalid incident') },
    },
  },
  '/api/alerts/incidents/{id}': {
    get: {
      summary: 'One incident',
      parameters: parametersOf(incidentRoute.params, 'path'),
      responses: {
        '200': { description: 'the incident', content: json(ref('Incident')) },
        '400': problem('bad id'),
        '404': problem('no such incident'),
      },
    },
    put: {
      summary: 'Replace an incident (resolving stamps resolved_at)',
      parameters: parametersOf(updateIncidentRoute.params, 'path'),
      requestBody: { required: true, content: json(requestSchema(updateIncidentRoute.body)) },
      responses: {
        '200': { description: 'the incident', content: json(ref('Incident')) },
        '400': problem('invalid incident'),
        '404': problem('no such incident'),
      },
    },
  },
};
