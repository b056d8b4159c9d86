import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { useSandbox } from '../../../../test/support/sandbox';
import { pythonTrace } from '../../../../test/support/events';
import { seedEvents } from '../../../../test/support/seed';

const sandbox = useSandbox();
let api: ApiHarness;
interface ListBody {
  errors: Array<{ id: number; project: string; status: string; resolved: boolean; count: number; message: string }>;
  total: number;
  limit: number;
  offset: number;
}

const iso = (day: number, hour = 12) => new Date(Date.UTC(2026, 9, day, hour)).toISOString();
const list = async (query: string): Promise<ListBody> => {
  const response = await api.get(`/api/errors${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as ListBody;
};

let ids: Record<string, number>;

beforeAll(async () => {
  api = await startApiHarness(sandbox);
  const [web, billing, worker, ignored, resolved] = [
    {
      project: 'web',
      environment: 'production',
      exception_type: 'TypeError',
      message: 'Cannot read properties of undefined',
      source: 'browser',
      level: 'error' as const,
      timestamp: iso(3),
    },
    {
      project: 'billing',
      environment: 'staging',
      exception_type: 'ValueError',
      message: 'invalid amount 100%_off',
      level: 'warning' as const,
      timestamp: iso(1),
    },
    {
      project: 'billing',
      environment: 'production',
      exception_type: 'KeyError',
      message: "'customer_id'",
      level: 'fatal' as const,
      timestamp: iso(2),
    },
    {
      project: 'web',
      exception_type: 'ResizeObserverError',
      message: 'loop limit exceeded',
      source: 'browser',
      timestamp: iso(4),
    },
    { project: 'web', exception_type: 'TimeoutError', message: 'upstream timed out', timestamp: iso(5) },
  ];
  const seeded = await seedEvents(api.db, [
    web,
    web,
    web,
    billing,
    worker,
    worker,
    ignored,
    { ...resolved, traceback: pythonTrace('gateway', 31, 'TimeoutError', 'upstream timed out') },
  ]);
  ids = { web: seeded[0]!, billing: seeded[3]!, worker: seeded[4]!, ignored: seeded[6]!, resolved: seeded[7]! };
  await api.send('POST', `/api/errors/${ids.ignored}/ignore`);
  await api.send('POST', `/api/errors/${ids.resolved}/resolve`);
});

describe('GET /api/errors', () => {
  it('lists groups newest first, hides ignored ones, and counts the filtered set', async () => {
    const body = await list('');
    expect(body.errors.map((e) => e.id)).toEqual([ids.resolved, ids.web, ids.worker, ids.billing]);
    expect(body).toMatchObject({ total: 4, limit: 50, offset: 0 });
    expect(body.errors[1]).toMatchObject({ project: 'web', count: 3, status: 'open', resolved: false });
  });

  it.each([
    ['?project=billing', ['worker', 'billing']],
    ['?environment=staging', ['billing']],
    ['?resolved=true', ['resolved']],
    ['?resolved=false', ['web', 'worker', 'billing']],
    ['?status=ignored', ['ignored']],
    ['?status=resolved', ['resolved']],
    ['?source=browser', ['web']],
    ['?level=fatal', ['worker']],
    ['?search=TYPEERROR', ['web']],
    ['?search=properties%20of', ['web']],
    ['?search=100%25_off', ['billing']],
    ['?search=%25', ['billing']],
    ['?search=error&project=billing', ['worker', 'billing']],
    ['?sort=count', ['web', 'worker', 'resolved', 'billing']],
    ['?sort=first_seen', ['resolved', 'web', 'worker', 'billing']],
    ['?sort=count&limit=2&offset=1', ['worker', 'resolved']],
  ])('%s', async (query, expected) => {
    const body = await list(query);
    expect(body.errors.map((e) => Object.keys(ids).find((k) => ids[k] === e.id))).toEqual(expected);
    if (!query.includes('limit')) expect(body.total).toBe(expected.length);
  });

  it('counts the whole filtered set when the page is full, and past its end', async () => {
    expect(await list('?limit=2')).toMatchObject({ total: 4, limit: 2 });
    expect((await list('?limit=2')).errors).toHaveLength(2);
    expect(await list('?limit=3&offset=3')).toMatchObject({ total: 4 });
    expect(await list('?offset=10')).toMatchObject({ total: 4, errors: [] });
    expect(await list('?project=billing&limit=1&offset=1')).toMatchObject({ total: 2 });
  });

  it('clamps limit at 200', async () => {
    expect((await list('?limit=5000')).limit).toBe(200);
  });

  it.each([
    ['limit=-1', 'limit'],
    ['limit=0', 'limit'],
    ['limit=ten', 'limit'],
    ['offset=-5', 'offset'],
    ['resolved=maybe', 'resolved'],
    ['sort=foo', 'sort'],
    ['status=closed', 'status'],
    ['level=loud', 'level'],
    ['limit=1&limit=2', 'limit'],
    ['offset=99999999999999999999', 'offset'],
    ['offset=9223372036854775808', 'offset'],
    ['project=a%00b', 'project'],
    ['search=a%00b', 'search'],
  ])('answers %s with a 400 naming %s', async (query, field) => {
    const response = await api.get(`/api/errors?${query}`);
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((e) => e.field)).toEqual([field]);
  });
});

describe('GET /api/errors/{id}', () => {
  it('shows the group with traceback, parsed frames and at most 5 occurrences, newest first', async () => {
    const more = Array.from({ length: 7 }, (_, i) => ({
      project: 'detail',
      message: 'detail',
      traceback: pythonTrace('detail', 5),
      timestamp: iso(10, i),
      user_id: `u${i}`,
    }));
    const [id] = await seedEvents(api.db, more);
    const response = await api.get(`/api/errors/${id}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      error: { traceback: string; frames: Array<{ file: string; line: number; in_app: boolean }>; count: number };
      occurrences: Array<{ user_id: string; event_id: string }>;
    };
    expect(body.error.count).toBe(7);
    expect(body.error.traceback).toContain('detail.py');
    expect(body.error.frames[0]).toMatchObject({ file: '/srv/app/detail.py', line: 5, in_app: true });
    expect(body.occurrences.map((o) => o.user_id)).toEqual(['u6', 'u5', 'u4', 'u3', 'u2']);
  });

  it('shows the newest five of its slots and of the occurrences an earlier version stored, merged', async () => {
    const event = (i: number) => ({ project: 'merged', message: 'merged', timestamp: iso(12, i), user_id: `now${i}` });
    const [id] = await seedEvents(api.db, [event(1), event(3), event(5)]);
    // What a worker of the previous version wrote (error_occurrences, during an upgrade or before it).
    for (const hour of [0, 2, 4, 6]) {
      await api.db
        .insertInto('error_occurrences')
        .values({
          error_id: id!,
          event_id: crypto.randomUUID(),
          timestamp: iso(12, hour),
          received_at: new Date().toISOString(),
          environment: 'production',
          message: 'merged',
          level: 'error',
          user_id: `before${hour}`,
        })
        .execute();
    }
    const body = (await (await api.get(`/api/errors/${id}`)).json()) as { occurrences: Array<{ user_id: string }> };
    expect(body.occurrences.map((o) => o.user_id)).toEqual(['before6', 'now5', 'before4', 'now3', 'before2']);
  });

  it('counts a busy group exactly, its events still in its tally included', async () => {
    const event = (second: number) => ({
      project: 'tally',
      message: 'tally',
      timestamp: new Date(Date.UTC(2026, 9, 11, 12, 0, second)).toISOString(),
    });
    const [id] = await seedEvents(api.db, [event(0)]);
    await seedEvents(api.db, [event(1), event(1)]);
    const pending = await api.db
      .selectFrom('error_tallies')
      .select('pending')
      .where('error_id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(pending.pending).toBe(2);
    const body = (await (await api.get(`/api/errors/${id}`)).json()) as { error: { count: number; last_seen: string } };
    expect(body.error).toMatchObject({ count: 3, last_seen: event(1).timestamp });
  });

  it('answers 400, not 500, for a path that is not valid percent-encoding or holds a NUL', async () => {
    expect((await api.get('/api/projects/%E0%A4%A')).status).toBe(400);
    expect((await api.get('/api/projects/a%00b')).status).toBe(400);
    expect((await api.get('/api/stats?project=a%00b')).status).toBe(400);
    expect((await api.send('POST', '/api/projects', { name: 'x\u0000y' })).status).toBe(400);
  });

  it('answers 400 for an id that is not a positive integer and 404 for an unknown one', async () => {
    for (const bad of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      expect((await api.get(`/api/errors/${bad}`)).status).toBe(400);
    }
    expect((await api.get('/api/errors/987654')).status).toBe(404);
  });
});

describe('state changes', () => {
  it('resolves (POST and PUT), reopens, ignores and deletes, with 404 for unknown ids', async () => {
    const [id] = await seedEvents(api.db, [{ project: 'states', message: 'state machine' }]);
    const status = async () =>
      ((await (await api.get(`/api/errors/${id}`)).json()) as { error: { status: string; resolved: boolean } }).error;

    expect(await (await api.send('PUT', `/api/errors/${id}/resolve`)).json()).toEqual({ status: 'resolved' });
    expect(await status()).toMatchObject({ status: 'resolved', resolved: true });
    expect(await (await api.send('POST', `/api/errors/${id}/unresolve`)).json()).toEqual({ status: 'open' });
    expect(await status()).toMatchObject({ status: 'open', resolved: false });
    expect(await (await api.send('PUT', `/api/errors/${id}/ignore`)).json()).toEqual({ status: 'ignored' });
    expect(await (await api.send('POST', `/api/errors/${id}/resolve`)).json()).toEqual({ status: 'resolved' });

    for (const action of ['resolve', 'unresolve', 'ignore']) {
      expect((await api.send('POST', `/api/errors/424242/${action}`)).status).toBe(404);
    }
    expect((await api.send('DELETE', `/api/errors/${id}`)).status).toBe(204);
    expect((await api.get(`/api/errors/${id}`)).status).toBe(404);
    expect((await api.send('DELETE', `/api/errors/${id}`)).status).toBe(404);
    const left = await api.db.selectFrom('recent_occurrences').select('id').where('error_id', '=', id!).execute();
    expect(left).toEqual([]);
  });

  it('a new event reopens a resolved group but not an ignored one', async () => {
    const resolvedEvent = { project: 'reopen', message: 'comes back' };
    const ignoredEvent = { project: 'reopen', message: 'noise', exception_type: 'Warning' };
    const [resolvedId, ignoredId] = await seedEvents(api.db, [resolvedEvent, ignoredEvent]);
    await api.send('POST', `/api/errors/${resolvedId}/resolve`);
    await api.send('POST', `/api/errors/${ignoredId}/ignore`);
    await seedEvents(api.db, [resolvedEvent, ignoredEvent]);
    const statusOf = async (id: number) =>
      ((await (await api.get(`/api/errors/${id}`)).json()) as { error: { status: string } }).error.status;
    expect(await statusOf(resolvedId!)).toBe('open');
    expect(await statusOf(ignoredId!)).toBe('ignored');
  });
});

describe('projects and health', () => {
  it('lists the projects that reported errors, sorted', async () => {
    const body = (await (await api.get('/api/projects')).json()) as { projects: string[] };
    expect(body.projects).toEqual([...body.projects].sort());
    expect(body.projects).toEqual(expect.arrayContaining(['billing', 'web']));
  });

  it('answers /health without a key', async () => {
    const response = await fetch(`${api.base}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', timestamp: expect.any(String) });
  });

  it('needs the key on every /api route', async () => {
    for (const path of [
      '/api/errors',
      '/api/errors/1',
      '/api/projects',
      '/api/stats',
      '/api/analytics/trends',
      '/api/openapi.json',
    ]) {
      expect((await fetch(`${api.base}${path}`)).status).toBe(401);
    }
  });
});
