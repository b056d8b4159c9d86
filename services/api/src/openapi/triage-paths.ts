import { addCommentRoute, assignRoute, groupRoute } from '../routes/groups.schema';
import { parametersOf, requestSchema } from './from-zod';

/** Assigning a group and its comments. */

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const problem = (description: string) => ({ description, content: { 'application/problem+json': { schema: ref('Problem') } } });
const idParam = parametersOf(groupRoute.params, 'path');

export const assigneeSchema = {
  oneOf: [
    {
      type: 'object',
      required: ['id', 'name', 'email'],
      properties: { id: { type: 'integer' }, name: { type: 'string' }, email: { type: 'string' } },
      additionalProperties: false,
    },
    { type: 'null' },
  ],
  description: 'the member the group is assigned to; null: nobody',
};

export const last24hSchema = {
  type: 'array',
  items: { type: 'integer', minimum: 0 },
  minItems: 24,
  maxItems: 24,
  description: 'events per hour over the last 24 hours, oldest first; the last is the current hour (from the hourly counters)',
};

export const triageSchemas = {
  Comment: {
    type: 'object',
    required: ['id', 'author', 'body', 'created_at'],
    properties: {
      id: { type: 'integer' },
      author: {
        type: 'object',
        required: ['member_id', 'label'],
        properties: {
          member_id: { type: ['integer', 'null'], description: 'null: a key of no member, or a member removed since' },
          label: {
            type: 'string',
            description: "as the audit log names the writer: the member's email, `key 7 (deploy)`, `bootstrap key`",
          },
        },
        additionalProperties: false,
      },
      body: { type: 'string' },
      created_at: { type: 'string', format: 'date-time' },
    },
    additionalProperties: false,
  },
};

export const triagePaths = {
  '/api/errors/{id}/assignee': {
    put: {
      summary: 'Assign the group to an active member, or to nobody (member_id null); audited as group.assigned',
      parameters: idParam,
      requestBody: { required: true, content: json(requestSchema(assignRoute.body)) },
      responses: {
        '200': {
          description: 'assigned',
          content: json({
            type: 'object',
            required: ['assignee'],
            properties: { assignee: assigneeSchema },
            additionalProperties: false,
          }),
        },
        '400': problem('invalid body, or member_id is not an active member'),
        '404': problem('no such group'),
      },
    },
  },
  '/api/errors/{id}/comments': {
    get: {
      summary: 'The group’s comments, oldest first (the newest 500)',
      parameters: idParam,
      responses: {
        '200': {
          description: 'comments',
          content: json({
            type: 'object',
            required: ['comments'],
            properties: { comments: { type: 'array', items: ref('Comment') } },
            additionalProperties: false,
          }),
        },
        '400': problem('id is not a positive integer'),
        '404': problem('no such group'),
      },
    },
    post: {
      summary: 'Comment on the group (by the caller); audited as comment.added',
      parameters: idParam,
      requestBody: { required: true, content: json(requestSchema(addCommentRoute.body)) },
      responses: {
        '201': { description: 'the comment', content: json(ref('Comment')) },
        '400': problem('invalid body'),
        '404': problem('no such group'),
      },
    },
  },
};
