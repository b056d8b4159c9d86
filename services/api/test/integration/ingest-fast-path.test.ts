import { Queue } from 'bullmq';
import { register } from 'prom-client';
import type { IngestJobData } from '@error-tracker/contracts/ingest-job';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { createKey } from '../../../../test/support/access';
import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { waitingEvents } from '../../../../test/support/enqueue';
import { useSandbox } from '../../../../test/support/sandbox';
import { TEST_API_KEY } from '../../../../test/support/test-config';

const sandbox = useSandbox();
let api: ApiHarness;
let readOnlyKey: string;

beforeAll(async () => {
  api = sandbox.stopAfter(await startApiHarness(sandbox, { keyRateLimits: { ingest: 1_000 } }));
  readOnlyKey = (await createKey(api, ['read'])).key;
});

async function fastPathCount(): Promise<number> {
  const metric = await register.getSingleMetric('error_tracker_ingest_fast_path_requests_total')?.get();
  return metric?.values[0]?.value ?? 0;
}

interface Answer {
  readonly status: number;
  readonly type: string | null;
  readonly body: unknown;
  readonly rateLimited: boolean;
}

/** The answer with what differs by nature between two requests (event ids) taken out. */
async function post(path: string, body: string, headers: Record<string, string>): Promise<Answer> {
  const response = await fetch(`${api.base}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  const parsed: unknown = text === '' ? '' : JSON.parse(text);
  const withoutId = typeof parsed === 'object' && parsed !== null && 'id' in parsed ? { ...parsed, id: 'an id' } : parsed;
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    body: withoutId,
    rateLimited: response.headers.get('ratelimit-limit') !== null,
  };
}

const json = { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY };
const valid = JSON.stringify({ project: 'shop', message: 'boom', traceback: 'Error: boom\n    at f (/app/a.js:1:1)' });

// Each case is sent as the fast path takes it (`/api/errors`) and as Express does (`/api/errors?`).
const cases: readonly { name: string; path: string; body: string; headers: Record<string, string>; fast: boolean }[] = [
  { name: 'a valid event', path: '/api/errors', body: valid, headers: json, fast: true },
  { name: 'a MiniAPM client', path: '/ingest/errors', body: valid, headers: json, fast: true },
  {
    name: 'navigator.sendBeacon (text/plain)',
    path: '/api/errors',
    body: valid,
    headers: { ...json, 'content-type': 'text/plain;charset=UTF-8' },
    fast: true,
  },
  {
    name: 'invalid fields',
    path: '/api/errors',
    body: JSON.stringify({ level: 'loud', message: 7, fingerprint: {} }),
    headers: json,
    fast: true,
  },
  { name: 'a body that is not JSON', path: '/api/errors', body: '{"message": ', headers: json, fast: true },
  {
    name: 'a bearer key',
    path: '/api/errors',
    body: valid,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_API_KEY}` },
    fast: true,
  },
  { name: 'an unknown key', path: '/api/errors', body: valid, headers: { ...json, 'x-api-key': 'et_nope' }, fast: false },
  { name: 'a key without ingest', path: '/api/errors', body: valid, headers: { ...json, 'x-api-key': 'READONLY' }, fast: false },
  { name: 'no key', path: '/api/errors', body: valid, headers: { 'content-type': 'application/json' }, fast: false },
  {
    name: 'another media type',
    path: '/api/errors',
    body: valid,
    headers: { ...json, 'content-type': 'application/xml' },
    fast: false,
  },
  {
    name: 'a body over the limit',
    path: '/api/errors',
    body: JSON.stringify({ message: 'x'.repeat(300_000) }),
    headers: json,
    fast: false,
  },
];

describe('the ingest fast path', () => {
  it.each(cases)('answers $name exactly as the Express route does', async ({ path, body, headers, fast }) => {
    const sent = { ...headers, ...(headers['x-api-key'] === 'READONLY' ? { 'x-api-key': readOnlyKey } : {}) };
    const before = await fastPathCount();
    const direct = await post(path, body, sent);
    expect((await fastPathCount()) - before).toBe(fast ? 1 : 0);
    const viaExpress = await post(`${path}?`, body, sent);
    expect(await fastPathCount()).toBe(before + (fast ? 1 : 0));
    expect(direct).toEqual(viaExpress);
  });

  it('queues the event with the masking, facts and budgets of the Express route', async () => {
    const response = await fetch(`${api.base}/api/errors`, {
      method: 'POST',
      headers: { ...json, 'user-agent': 'fast/1.0' },
      body: JSON.stringify({ message: 'masked', extra: { password: 'hunter2' }, traceback: 't'.repeat(100_000) }),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    // A time-ordered id (UUIDv7), which the exactly-once index takes at its right edge.
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const queue = new Queue<IngestJobData>(INGEST_QUEUE, { connection: sandbox.redis, prefix: sandbox.redisPrefix });
    try {
      const event = (await waitingEvents(queue)).find((candidate) => candidate.event_id === id);
      expect(event).toMatchObject({
        message: 'masked',
        extra: { password: '***' },
        user_agent: 'fast/1.0',
        client_ip: '127.0.0.1',
      });
      expect(event?.traceback?.length).toBeLessThan(100_000);
      expect(event?.traceback).toContain('characters cut]');
    } finally {
      await queue.close();
    }
  });
});

describe('the ingest fast path under a per-key limit', () => {
  it('shares the key budget with the Express route and answers 429 with the same headers', async () => {
    const limited = sandbox.stopAfter(await startApiHarness(sandbox, { keyRateLimits: { ingest: 3 } }));
    const { key } = await createKey(limited, ['ingest']);
    const send = (path: string) =>
      fetch(`${limited.base}${path}`, { method: 'POST', headers: { ...json, 'x-api-key': key }, body: valid });
    const answers = [await send('/api/errors'), await send('/api/errors?'), await send('/api/errors'), await send('/api/errors')];
    expect(answers.map((answer) => answer.status)).toEqual([202, 202, 202, 429]);
    expect(answers.map((answer) => answer.headers.get('ratelimit-remaining'))).toEqual(['2', '1', '0', '0']);
    expect(answers[3]?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await answers[3]?.json()) as { detail: string }).detail).toMatch(
      /more than 3 requests in a minute for this API key/,
    );
  });
});
