import type { Permission, Role } from '@error-tracker/contracts/db/schema';
import { callAs, createKey, memberWithRole } from '../support/access';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { useSandbox } from '../support/sandbox';
import { seedEvents } from '../support/seed';

const sandbox = useSandbox();
let api: ApiHarness;

interface Call {
  readonly path: string;
  readonly body?: unknown;
}

/**
 * Every key-checked route of the OpenAPI document, with a request that succeeds for a caller
 * allowed to make it. Each call gets fresh targets, so one caller's success never decides the
 * next caller's answer. A route missing here fails the first test.
 */
const ROUTES: Record<string, (n: number) => Promise<Call>> = {
  'POST /api/errors': () => Promise.resolve({ path: '/api/errors', body: { message: 'matrix' } }),
  'POST /ingest/errors': () => Promise.resolve({ path: '/ingest/errors', body: { message: 'matrix' } }),
  'POST /api/errors/batch': () => Promise.resolve({ path: '/api/errors/batch', body: { errors: [{ message: 'matrix' }] } }),
  'POST /ingest/errors/batch': () => Promise.resolve({ path: '/ingest/errors/batch', body: { errors: [{ message: 'matrix' }] } }),
  'GET /api/errors': () => Promise.resolve({ path: '/api/errors' }),
  'GET /api/errors/{id}': async () => ({ path: `/api/errors/${await group()}` }),
  'DELETE /api/errors/{id}': async () => ({ path: `/api/errors/${await group()}` }),
  'POST /api/errors/{id}/resolve': async () => ({ path: `/api/errors/${await group()}/resolve` }),
  'PUT /api/errors/{id}/resolve': async () => ({ path: `/api/errors/${await group()}/resolve` }),
  'POST /api/errors/{id}/unresolve': async () => ({ path: `/api/errors/${await group()}/unresolve` }),
  'PUT /api/errors/{id}/unresolve': async () => ({ path: `/api/errors/${await group()}/unresolve` }),
  'POST /api/errors/{id}/ignore': async () => ({ path: `/api/errors/${await group()}/ignore` }),
  'PUT /api/errors/{id}/ignore': async () => ({ path: `/api/errors/${await group()}/ignore` }),
  'GET /api/projects': () => Promise.resolve({ path: '/api/projects' }),
  'POST /api/projects': (n) => Promise.resolve({ path: '/api/projects', body: { name: `matrix-${n}` } }),
  'GET /api/projects/{name}': async () => {
    await api.send('POST', '/api/projects', { name: 'matrix-read' });
    return { path: '/api/projects/matrix-read' };
  },
  'GET /api/stats': () => Promise.resolve({ path: '/api/stats' }),
  'GET /api/analytics/trends': () => Promise.resolve({ path: '/api/analytics/trends' }),
  'GET /api/analytics/performance': () => Promise.resolve({ path: '/api/analytics/performance' }),
  'GET /api/monitoring/services': () => Promise.resolve({ path: '/api/monitoring/services' }),
  'GET /api/monitoring/metrics': () => Promise.resolve({ path: '/api/monitoring/metrics?timeframe=24h' }),
  'GET /api/monitoring/uptime': () => Promise.resolve({ path: '/api/monitoring/uptime' }),
  'GET /api/openapi.json': () => Promise.resolve({ path: '/api/openapi.json' }),
  'GET /api/session': () => Promise.resolve({ path: '/api/session' }),
  'GET /api/settings/api-keys': () => Promise.resolve({ path: '/api/settings/api-keys' }),
  'POST /api/settings/api-keys': () =>
    Promise.resolve({ path: '/api/settings/api-keys', body: { name: 'matrix', permissions: ['read'] } }),
  'DELETE /api/settings/api-keys/{id}': async () => ({ path: `/api/settings/api-keys/${(await createKey(api, ['read'])).id}` }),
  'GET /api/settings/team': () => Promise.resolve({ path: '/api/settings/team' }),
  'POST /api/settings/team/invite': (n) =>
    Promise.resolve({ path: '/api/settings/team/invite', body: { email: `matrix-${n}@example.com`, role: 'viewer' } }),
  'PATCH /api/settings/team/{id}': async () => ({
    path: `/api/settings/team/${(await memberWithRole(api, 'viewer')).id}`,
    body: { name: 'Renamed' },
  }),
  'DELETE /api/settings/team/{id}': async () => ({ path: `/api/settings/team/${(await memberWithRole(api, 'viewer')).id}` }),
  'GET /api/settings/audit-log': () => Promise.resolve({ path: '/api/settings/audit-log' }),
  'GET /api/alerts/rules': () => Promise.resolve({ path: '/api/alerts/rules' }),
  'POST /api/alerts/rules': () => Promise.resolve({ path: '/api/alerts/rules', body: RULE }),
  'GET /api/alerts/rules/{id}': async () => ({ path: `/api/alerts/rules/${await created('/api/alerts/rules', RULE)}` }),
  'PUT /api/alerts/rules/{id}': async () => ({
    path: `/api/alerts/rules/${await created('/api/alerts/rules', RULE)}`,
    body: RULE,
  }),
  'DELETE /api/alerts/rules/{id}': async () => ({ path: `/api/alerts/rules/${await created('/api/alerts/rules', RULE)}` }),
  'GET /api/alerts/incidents': () => Promise.resolve({ path: '/api/alerts/incidents' }),
  'POST /api/alerts/incidents': () => Promise.resolve({ path: '/api/alerts/incidents', body: INCIDENT }),
  'GET /api/alerts/incidents/{id}': async () => ({
    path: `/api/alerts/incidents/${await created('/api/alerts/incidents', INCIDENT)}`,
  }),
  'PUT /api/alerts/incidents/{id}': async () => ({
    path: `/api/alerts/incidents/${await created('/api/alerts/incidents', INCIDENT)}`,
    body: INCIDENT,
  }),
};

Object.assign(ROUTES, {
  'GET /api/settings/integrations': () => Promise.resolve({ path: '/api/settings/integrations' }),
  'PUT /api/settings/integrations/{name}': () =>
    Promise.resolve({ path: '/api/settings/integrations/email', body: { config: { recipients: ['ops@example.com'] } } }),
  // No notifier runs here: the test message stays queued (202), which is the allowed answer.
  'POST /api/settings/integrations/{name}/test': async () => {
    await api.send('PUT', '/api/settings/integrations/slack', {
      config: { webhook_url: 'https://hooks.slack.com/services/T0/B0/X' },
    });
    return { path: '/api/settings/integrations/slack/test' };
  },
});

Object.assign(ROUTES, {
  'PUT /api/errors/{id}/assignee': async () => ({ path: `/api/errors/${await group()}/assignee`, body: { member_id: null } }),
  'GET /api/errors/{id}/comments': async () => ({ path: `/api/errors/${await group()}/comments` }),
  'GET /api/errors/{id}/hourly': async () => ({ path: `/api/errors/${await group()}/hourly` }),
  'POST /api/errors/{id}/comments': async () => ({ path: `/api/errors/${await group()}/comments`, body: { body: 'matrix' } }),
  // An event stream: its 200 comes at once; the stream stays open until the harness closes.
  'GET /api/events': () => Promise.resolve({ path: '/api/events' }),
});

const RULE = { name: 'matrix', threshold: 10, time_window: '5m' };
const INCIDENT = { title: 'matrix', severity: 'low' };

/** Creates something as the bootstrap key; answers its id. */
async function created(path: string, body: unknown): Promise<number> {
  const response = await api.send('POST', path, body);
  if (response.status !== 201) throw new Error(`${path}: ${response.status}`);
  return ((await response.json()) as { id: number }).id;
}

async function group(): Promise<number> {
  const [id] = await seedEvents(api.db, [{ project: 'matrix', message: `m ${Math.random()}` }]);
  if (id === undefined) throw new Error('no group seeded');
  return id;
}

const CALLERS = ['owner', 'admin', 'developer', 'viewer', 'ingest-only key', 'no key'] as const;
type CallerName = (typeof CALLERS)[number];
const ROLE_ALLOWS: Record<Role, readonly Permission[]> = {
  owner: ['ingest', 'read', 'write', 'admin'],
  admin: ['ingest', 'read', 'write', 'admin'],
  developer: ['ingest', 'read', 'write'],
  viewer: ['read'],
};

function expected(caller: CallerName, permission: Permission): 'allowed' | 401 | 403 {
  if (caller === 'no key') return 401;
  if (caller === 'ingest-only key') return permission === 'ingest' ? 'allowed' : 403;
  return ROLE_ALLOWS[caller].includes(permission) ? 'allowed' : 403;
}

let documented: Array<{ route: string; method: string; permission: Permission }>;
const keys = new Map<CallerName, string | undefined>();

beforeAll(async () => {
  api = await startApiHarness(sandbox);
  const doc = (await (await api.get('/api/openapi.json')).json()) as {
    paths: Record<string, Record<string, { 'x-permission'?: Permission }>>;
  };
  documented = Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations).flatMap(([method, operation]) =>
      operation['x-permission']
        ? [{ route: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), permission: operation['x-permission'] }]
        : [],
    ),
  );
  for (const role of ['owner', 'admin', 'developer', 'viewer'] as const)
    keys.set(role, (await memberWithRole(api, role)).key.key);
  keys.set('ingest-only key', (await createKey(api, ['ingest'])).key);
  keys.set('no key', undefined);
});

describe('role × route matrix', () => {
  it('has an entry for every key-checked route of the OpenAPI document, and only those', () => {
    expect(Object.keys(ROUTES).sort()).toEqual(documented.map((d) => d.route).sort());
  });

  it('answers every cell as docs/access.md says', async () => {
    const answers: string[] = [];
    const wrong: string[] = [];
    let n = 0;
    for (const { route, method, permission } of documented) {
      const make = ROUTES[route];
      if (!make) continue;
      for (const caller of CALLERS) {
        const call = await make(n++);
        const response = await callAs(api.base, keys.get(caller))(method, call.path, call.body);
        const want = expected(caller, permission);
        const ok = want === 'allowed' ? response.status >= 200 && response.status < 300 : response.status === want;
        answers.push(`${route} ${caller}: ${response.status}`);
        if (!ok) wrong.push(`${route} as ${caller}: ${response.status}, expected ${want} (${await response.text()})`);
      }
    }
    expect(wrong).toEqual([]);
    expect(answers).toHaveLength(documented.length * CALLERS.length);
  });

  it('names the missing permission in every 403', async () => {
    const viewer = callAs(api.base, keys.get('viewer'));
    for (const [method, path, permission] of [
      ['POST', '/api/errors', 'ingest'],
      ['POST', '/api/projects', 'write'],
      ['GET', '/api/settings/team', 'admin'],
    ] as const) {
      const response = await viewer(method, path, method === 'GET' ? undefined : { message: 'x', name: 'x' });
      expect(response.status).toBe(403);
      expect(((await response.json()) as { detail: string }).detail).toBe(
        `this key lacks the ${permission} permission (role viewer)`,
      );
    }
  });
});
