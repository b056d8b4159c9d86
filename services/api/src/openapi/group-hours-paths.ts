import { GROUP_HOURS_MAX } from '../groups/hourly-counts';
import { groupHoursRoute } from '../routes/groups.schema';
import { parametersOf } from './from-zod';

/** One group's events per hour (the issue page's trend). */

const json = (schema: object) => ({ 'application/json': { schema } });
const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export const groupHoursPaths = {
  '/api/errors/{id}/hourly': {
    get: {
      summary: "The group's events per hour over the last `hours` hours, from the hourly counters",
      parameters: [...parametersOf(groupHoursRoute.params, 'path'), ...parametersOf(groupHoursRoute.query, 'query')],
      responses: {
        '200': {
          description: 'one point per hour, oldest first, the current hour last; hours without events count 0',
          content: json({
            type: 'object',
            required: ['error_id', 'hours', 'data_points'],
            properties: {
              error_id: { type: 'integer' },
              hours: { type: 'integer', minimum: 1, maximum: GROUP_HOURS_MAX },
              data_points: {
                type: 'array',
                minItems: 1,
                maxItems: GROUP_HOURS_MAX,
                items: {
                  type: 'object',
                  required: ['timestamp', 'error_count'],
                  properties: {
                    timestamp: { type: 'string', format: 'date-time', description: "the hour's start (UTC)" },
                    error_count: { type: 'integer', minimum: 0 },
                  },
                  additionalProperties: false,
                },
              },
            },
            additionalProperties: false,
          }),
        },
        '400': problem('id is not a positive integer, or hours is not from 1 to 720'),
        '404': problem('no such group'),
      },
    },
  },
};
