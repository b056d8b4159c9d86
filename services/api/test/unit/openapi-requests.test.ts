import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { errorEventSchema, levelOf } from '../../src/ingest/event-schema';
import { openApiDocument } from '../../src/openapi/document';
import { listGroupsRoute } from '../../src/routes/groups.schema';
import { reportBatchRoute } from '../../src/routes/ingest.schema';
import { createProjectRoute } from '../../src/routes/projects.schema';

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const documented = (schema: object) => ajv.compile({ ...schema, components: openApiDocument.components });
const errorEvent = documented(openApiDocument.components.schemas.ErrorEvent);

describe('OpenAPI request schemas are the validation schemas', () => {
  it.each([
    [{ message: 'boom' }],
    [{ message: 'boom', level: 'log' }],
    [{ message: 'boom', level: 'critical', project: 'p', environment: 'staging', source: 'frontend' }],
    [{ message: 'boom', traceback: ['a', 'b'], fingerprint: ['x', 'y'], user_id: 42, timestamp: 1_700_000_000 }],
    [{ message: 'boom', extra: { a: 1 }, request_headers: { accept: '*/*' } }],
    [
      {
        exception_class: 'RuntimeError',
        message: 'boom',
        params: { id: '1' },
        request_id: 'r-1',
        source_context: { file: 'a.rb', lineno: 3, context_line: 'x' },
      },
    ],
  ])('documents %j as acceptable, as validation accepts it', (body) => {
    expect(errorEventSchema.safeParse(body).success).toBe(true);
    expect(errorEvent(body)).toBe(true);
  });

  it.each([
    [{}],
    [{ message: 1 }],
    [{ message: 'x'.repeat(10_001) }],
    [{ message: 'boom', project: '' }],
    [{ message: 'boom', traceback: [1] }],
    [{ message: 'boom', fingerprint: [] }],
    [{ message: 'boom', extra: 'not an object' }],
    [{ message: 'boom', params: ['not an object'] }],
    [{ message: 'boom', request_id: 'r'.repeat(201) }],
    [{ message: 'boom', source_context: { file: 'a.rb', lineno: 0, context_line: 'x' } }],
  ])('documents %j as unacceptable, as validation refuses it', (body) => {
    expect(errorEventSchema.safeParse(body).success).toBe(false);
    expect(errorEvent(body)).toBe(false);
  });

  it('lists every level name validation accepts, log included', () => {
    const level = openApiDocument.components.schemas.ErrorEvent.properties?.level as { examples: string[] };
    expect(level.examples).toContain('log');
    for (const name of level.examples) expect(levelOf(name)).toBeDefined();
  });

  it('documents every query parameter of the group list, with its constraints', () => {
    const parameters = openApiDocument.paths['/api/errors'].get.parameters as Array<{
      name: string;
      schema: { enum?: string[] };
    }>;
    const shape = Object.keys(listGroupsRoute.query.shape);
    expect(parameters.map((p) => p.name).sort()).toEqual(shape.sort());
    expect(parameters.find((p) => p.name === 'sort')?.schema.enum).toEqual(['last_seen', 'first_seen', 'count']);
  });

  it('documents the batch and project bodies as validated', () => {
    const batch = documented(openApiDocument.paths['/api/errors/batch'].post.requestBody.content['application/json'].schema);
    const tooMany = { errors: Array.from({ length: 1_001 }, () => ({ message: 'x' })) };
    expect([reportBatchRoute.body.safeParse(tooMany).success, batch(tooMany)]).toEqual([false, false]);
    expect([
      reportBatchRoute.body.safeParse({ errors: [{ message: 'x' }] }).success,
      batch({ errors: [{ message: 'x' }] }),
    ]).toEqual([true, true]);
    const project = documented(openApiDocument.paths['/api/projects'].post.requestBody.content['application/json'].schema);
    expect([createProjectRoute.body.safeParse({ name: '' }).success, project({ name: '' })]).toEqual([false, false]);
    expect([createProjectRoute.body.safeParse({ name: 'shop' }).success, project({ name: 'shop' })]).toEqual([true, true]);
  });
});
