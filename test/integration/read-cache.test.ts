import { createLogger } from '@error-tracker/runtime/logger';
import { type Service } from '@error-tracker/runtime/shutdown';
import { startIngestWorker } from '@error-tracker/ingest-worker';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { useSandbox } from '../support/sandbox';
import { seedEvents } from '../support/seed';
import { waitFor } from '../support/wait-for';

const sandbox = useSandbox();
let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness(sandbox);
});

const cacheOf = async (path: string) => {
  const response = await api.get(path);
  expect(response.status).toBe(200);
  return {
    cache: response.headers.get('x-cache'),
    body: (await response.json()) as { total?: number; errors?: Array<{ id: number; count: number; status: string }> },
  };
};

describe('read cache', () => {
  it('serves list, stats and trends from Redis on the second request', async () => {
    for (const path of ['/api/errors?project=cache', '/api/stats', '/api/analytics/trends?period=day&group_by=hour']) {
      expect((await cacheOf(path)).cache).toBe('MISS');
      expect((await cacheOf(path)).cache).toBe('HIT');
    }
  });

  it('keys by the normalised query: parameter order and defaults do not matter', async () => {
    await cacheOf('/api/errors?project=norm&limit=50');
    expect((await cacheOf('/api/errors?limit=50&project=norm')).cache).toBe('HIT');
    expect((await cacheOf('/api/errors?project=norm')).cache).toBe('HIT');
  });

  it('is invalidated when a group is resolved, reopened, ignored or deleted', async () => {
    const [id] = await seedEvents(api.db, [{ project: 'inval', message: 'x' }]);
    const path = '/api/errors?project=inval&status=resolved';
    for (const [method, action, expectedTotal] of [
      ['POST', 'resolve', 1],
      ['POST', 'unresolve', 0],
      ['PUT', 'resolve', 1],
      ['POST', 'ignore', 0],
    ] as const) {
      await cacheOf(path);
      expect((await cacheOf(path)).cache).toBe('HIT');
      expect((await api.send(method, `/api/errors/${id}/${action}`)).status).toBe(200);
      const after = await cacheOf(path);
      expect(after.cache).toBe('MISS');
      expect(after.body.total).toBe(expectedTotal);
    }
    const all = '/api/errors?project=inval&status=ignored';
    expect((await cacheOf(all)).body.total).toBe(1);
    expect((await api.send('DELETE', `/api/errors/${id}`)).status).toBe(204);
    const afterDelete = await cacheOf(all);
    expect(afterDelete.cache).toBe('MISS');
    expect(afterDelete.body.total).toBe(0);
  });

  it('computes 20 concurrent misses for one key once', async () => {
    await seedEvents(api.db, [{ project: 'herd', message: 'h' }]);
    const listQueriesOf = async (requests: number, query: string) => {
      const before = api.queries.length;
      const responses = await Promise.all(Array.from({ length: requests }, () => api.get(`/api/errors?${query}`)));
      expect(responses.map((r) => r.status)).toEqual(Array(requests).fill(200));
      return { responses, queries: api.queries.slice(before).filter((q) => q.includes('from "errors"')).length };
    };
    const alone = await listQueriesOf(1, 'project=herd&limit=7');
    expect(alone.queries).toBeGreaterThan(0);
    // As many statements for 20 concurrent misses as for one.
    const { responses, queries } = await listQueriesOf(20, 'project=herd');
    expect(queries).toBe(alone.queries);
    const bodies = await Promise.all(responses.map((r) => r.text()));
    expect(new Set(bodies).size).toBe(1);
  });

  describe('with the ingest worker', () => {
    let worker: Service;
    beforeAll(async () => {
      worker = await startIngestWorker(sandbox.config(), createLogger('silent', 'test'));
    });
    afterAll(() => worker.stop());

    const post = (body: object) =>
      fetch(`${api.base}/api/errors?wait=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'test-api-key-0123456789' },
        body: JSON.stringify(body),
      });

    it('is invalidated when the worker creates or reopens a group, not when it only counts', async () => {
      const path = '/api/errors?project=live';
      const created = (await (await post({ project: 'live', message: 'first' })).json()) as { id: number };
      await cacheOf(path);
      expect((await cacheOf(path)).cache).toBe('HIT');

      expect((await post({ project: 'live', message: 'first' })).status).toBe(200);
      const stale = await cacheOf(path);
      expect(stale.cache).toBe('HIT');
      expect(stale.body.errors?.[0]?.count).toBe(1);

      expect((await post({ project: 'live', message: 'second', exception_type: 'Other' })).status).toBe(201);
      const afterCreate = await cacheOf(path);
      expect(afterCreate.cache).toBe('MISS');
      expect(afterCreate.body.total).toBe(2);

      await api.send('POST', `/api/errors/${created.id}/resolve`);
      await cacheOf(path);
      expect((await cacheOf(path)).cache).toBe('HIT');
      expect((await post({ project: 'live', message: 'first' })).status).toBe(200);
      const afterReopen = await waitFor('the reopen to invalidate', async () => {
        const answer = await cacheOf(path);
        return answer.cache === 'MISS' ? answer : undefined;
      });
      expect(afterReopen.body.errors?.find((e) => e.id === created.id)?.status).toBe('open');
    });
  });
});

describe('when Redis is down', () => {
  let down: ApiHarness;
  beforeAll(async () => {
    down = await startApiHarness(sandbox, { redisUrl: 'redis://127.0.0.1:1' });
  });

  it('still answers reads from PostgreSQL, uncached', async () => {
    await seedEvents(down.db, [{ project: 'nocache', message: 'still here' }]);
    for (const path of ['/api/errors?project=nocache', '/api/stats', '/api/analytics/trends']) {
      const response = await down.get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-cache')).toBe('MISS');
    }
    const body = (await (await down.get('/api/errors?project=nocache')).json()) as { total: number };
    expect(body.total).toBe(1);
  });
});
