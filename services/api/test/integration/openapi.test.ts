import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { useSandbox } from '../../../../test/support/sandbox';
import { pythonTrace } from '../../../../test/support/events';
import { seedEvents } from '../../../../test/support/seed';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: object;
}

const sandbox = useSandbox();
let api: ApiHarness;
let doc: Document;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const checked = new Set<string>();

beforeAll(async () => {
  api = await startApiHarness(sandbox);
  const response = await api.get('/api/openapi.json');
  expect(response.status).toBe(200);
  doc = (await response.json()) as Document;
});

function templateFor(path: string): string {
  const bare = path.split('?')[0]!;
  // Literal paths win over templated ones (/api/errors/batch before /api/errors/{id}).
  const templates = Object.keys(doc.paths).sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  const match = templates.find((template) => new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(bare));
  if (!match) throw new Error(`${bare} is not in the OpenAPI document`);
  return match;
}

/** Sends a real request and checks status, content type and body against the document. */
async function conforms(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response =
    method === 'GET' && Object.keys(headers).length === 0
      ? await api.get(path)
      : await fetch(`${api.base}${path}`, {
          method,
          headers: { 'x-api-key': 'test-api-key-0123456789', 'content-type': 'application/json', ...headers },
          body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
        });
  const template = templateFor(path);
  const operation = doc.paths[template]?.[method.toLowerCase()];
  if (!operation) throw new Error(`${method} ${template} is not in the OpenAPI document`);
  const documented = operation.responses[String(response.status)];
  if (!documented) throw new Error(`${method} ${template} answered ${response.status}, which is not documented`);
  checked.add(`${method} ${template} ${response.status}`);
  if (!documented.content) return response.status;
  const type = (response.headers.get('content-type') ?? '').split(';')[0]!;
  const media = documented.content[type];
  if (!media)
    throw new Error(
      `${method} ${template} ${response.status} answered ${type}, documented ${Object.keys(documented.content).join(', ')}`,
    );
  const validate = ajv.compile({ ...media.schema, components: doc.components });
  const json: unknown = await response.json();
  if (!validate(json)) {
    throw new Error(`${method} ${path} ${response.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(json, null, 2)}`);
  }
  return response.status;
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(doc.openapi).toBe('3.1.0');
  });

  it('matches what the routes really answer', async () => {
    const [id] = await seedEvents(api.db, [
      {
        project: 'doc',
        message: 'documented',
        traceback: pythonTrace('doc', 3),
        request_headers: { accept: '*/*' },
        extra: { a: 1 },
      },
      { project: 'doc', message: 'documented', traceback: pythonTrace('doc', 3) },
    ]);
    const expectations: Array<[string, string, number, unknown?, Record<string, string>?]> = [
      ['POST', '/api/errors', 202, { message: 'm' }],
      ['POST', '/api/errors', 400, { message: 1 }],
      ['POST', '/api/errors', 401, { message: 'm' }, { 'x-api-key': 'nope' }],
      ['POST', '/api/errors', 413, { message: 'x'.repeat(300_000) }],
      ['GET', '/api/errors', 200],
      ['GET', '/api/errors?search=doc&sort=count', 200],
      ['GET', '/api/errors?limit=-1', 400],
      ['GET', `/api/errors/${id}`, 200],
      ['GET', '/api/errors/abc', 400],
      ['GET', '/api/errors/999999', 404],
      ['GET', `/api/errors/${id}/hourly?hours=24`, 200],
      ['GET', `/api/errors/${id}/hourly?hours=0`, 400],
      ['GET', '/api/errors/999999/hourly', 404],
      ['POST', `/api/errors/${id}/resolve`, 200],
      ['PUT', `/api/errors/${id}/unresolve`, 200],
      ['POST', `/api/errors/${id}/ignore`, 200],
      ['POST', '/api/errors/999999/resolve', 404],
      ['GET', '/api/projects', 200],
      ['POST', '/api/projects', 201, { name: 'documented' }],
      ['POST', '/api/projects', 409, { name: 'documented' }],
      ['POST', '/api/projects', 400, { name: '' }],
      ['GET', '/api/projects/documented', 200],
      ['GET', '/api/projects/missing', 404],
      ['POST', '/api/errors/batch', 202, { errors: [{ message: 'a' }, { message: 2 }] }],
      ['POST', '/api/errors/batch', 400, { errors: [{ message: 2 }] }],
      ['POST', '/ingest/errors', 202, { exception_class: 'RuntimeError', message: 'm', params: { id: '1' }, request_id: 'r' }],
      ['POST', '/ingest/errors', 400, { message: 1 }],
      ['POST', '/ingest/errors/batch', 202, { errors: [{ exception_class: 'RuntimeError', message: 'a' }] }],
      ['GET', '/api/session', 200],
      ['GET', '/api/stats', 200],
      ['GET', '/api/analytics/trends?period=month&group_by=week', 200],
      ['GET', '/api/analytics/trends?period=never', 400],
      ['DELETE', `/api/errors/${id}`, 204],
      ['GET', '/health', 200],
      ['GET', '/ready', 200],
    ];
    for (const [method, path, status, body, headers] of expectations) {
      expect(await conforms(method, path, body, headers)).toBe(status);
    }
    // The Sentry endpoints authenticate with the project's DSN key.
    const project = (await (await api.get('/api/projects/documented')).json()) as { id: number; public_key: string };
    const sentry: Array<[string, number, unknown]> = [
      [`/api/${project.id}/store/?sentry_key=${project.public_key}`, 200, { message: 'from an SDK', level: 'info' }],
      [`/api/${project.id}/store/?sentry_key=${'0'.repeat(32)}`, 401, { message: 'x' }],
      [`/api/${project.id}/envelope/?sentry_key=${project.public_key}`, 200, '{}\n{"type":"session"}\n{"sid":"s"}\n'],
    ];
    for (const [path, status, body] of sentry) {
      expect(await conforms('POST', path, body)).toBe(status);
    }
    expect(checked.size).toBe(new Set(expectations.map(([m, p, s]) => `${m} ${templateFor(p)} ${s}`)).size + 3);
  });
});
