import { connect, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import type { IngestEvent, IngestJobData } from '@error-tracker/contracts/ingest-job';
import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { redisUrl } from '../../../../test/support/redis-prefix';
import { useSandbox } from '../../../../test/support/sandbox';
import { waitingEvents } from '../../../../test/support/enqueue';
import { TEST_API_KEY } from '../../../../test/support/test-config';
import { EventQueue, QueueUnavailableError } from '../../src/ingest/event-queue';
import { DEPTH_LIMIT_MARKER } from '../../src/ingest/mask-secrets';

/**
 * Issue #17's fuzzing finds, with Redis healthy: every one of these answered 500 or 503 before.
 * Each answer must be the exact status, so a 503 ("Redis is unavailable") can never pass.
 */
const sandbox = useSandbox();
let api: ApiHarness;
let queue: Queue<IngestJobData>;
let project: { id: number; public_key: string };

const DEEP = 10_000;
const deepArray = (leaf = '1') => `${'['.repeat(DEEP)}${leaf}${']'.repeat(DEEP)}`;
const deepObject = () => `${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`;

beforeAll(async () => {
  api = await startApiHarness(sandbox, { inFlightBodyBytes: 600_000 });
  queue = sandbox.stopAfter(new Queue<IngestJobData>(INGEST_QUEUE, { connection: sandbox.redis, prefix: sandbox.redisPrefix }));
  const created = await api.send('POST', '/api/projects', { name: 'fuzzed' });
  project = (await created.json()) as typeof project;
});

async function post(path: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const response = await fetch(`${api.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY, ...headers },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text,
    json: () => JSON.parse(text) as Record<string, unknown>,
    headers: response.headers,
  };
}

const store = () => `/api/${project.id}/store/?sentry_key=${project.public_key}`;
const envelope = () => `/api/${project.id}/envelope/?sentry_key=${project.public_key}`;
const envelopeOf = (event: string) => `{}\n{"type":"event"}\n${event}\n`;

async function queued(id: string): Promise<IngestEvent> {
  const events = await waitingEvents(queue);
  const uuid =
    id.length === 32 ? `${id.slice(0, 8)}-${id.slice(8, 12)}-${id.slice(12, 16)}-${id.slice(16, 20)}-${id.slice(20)}` : id;
  const event = events.find((candidate) => candidate.event_id === uuid);
  if (!event) throw new Error(`event ${id} is not queued`);
  return event;
}

describe('Sentry request.query_string that is not pairs (was 500)', () => {
  it.each([
    ['[1]', '[1]'],
    ['nested 10,000 deep', deepArray()],
    ['pairs with object values', '[["a", {"b": 1}], ["ok", "yes"]]'],
  ])('store answers 200 for %s, the URL keeping only real pairs', async (_name, query) => {
    const answer = await post(store(), `{"message":"m","request":{"url":"http://shop/cart","query_string":${query}}}`);
    expect(answer.status).toBe(200);
    const event = await queued(String(answer.json().id));
    expect(event.request_url).toMatch(/^http:\/\/shop\/cart(\?ok=yes)?$/);
  });
});

describe('a value nested 10,000 deep (was 503 with Redis healthy)', () => {
  const sourceContext = (lines: string) => `{"file":"a.py","lineno":1,"context_line":"x","pre_context":${lines}}`;
  const frameEvent = (frame: string) =>
    `{"exception":{"values":[{"type":"E","value":"v","stacktrace":{"frames":[{"filename":"a.js","lineno":1,${frame}}]}}]}}`;

  it.each(['/api/errors', '/ingest/errors'])('%s: source_context is refused with 400 naming the field', async (path) => {
    const answer = await post(path, `{"message":"m","source_context":${sourceContext(deepArray('"x"'))}}`);
    expect(answer.status).toBe(400);
    expect(answer.json().errors).toEqual([{ field: 'source_context.pre_context.0', message: 'must be a string' }]);
  });

  it.each(['/api/errors', '/ingest/errors'])('%s: extra is kept, cut at the depth limit', async (path) => {
    const answer = await post(
      `${path}?wait=0`,
      `{"message":"deep extra ${path}","extra":${deepObject()},"params":${deepObject()}}`,
    );
    expect(answer.status).toBe(202);
    if (path === '/api/errors') {
      expect(JSON.stringify((await queued(String(answer.json().id))).extra)).toContain(DEPTH_LIMIT_MARKER);
    }
  });

  it.each(['/api/errors/batch', '/ingest/errors/batch'])(
    '%s: items with deep values are accepted or listed, never a 5xx',
    async (path) => {
      const items = [
        `{"message":"deep extra","extra":${deepObject()},"request_headers":${deepObject()}}`,
        `{"message":"deep source","source_context":${sourceContext(deepArray('"x"'))}}`,
        deepArray(),
      ];
      const answer = await post(path, `{"errors":[${items.join(',')}]}`);
      expect(answer.status).toBe(202);
      const body = answer.json() as { accepted: number; rejected: Array<{ index: number; errors: unknown[] }>; ids: string[] };
      expect(body.accepted).toBe(1);
      expect(body.rejected).toEqual([
        { index: 1, errors: [{ field: 'source_context.pre_context.0', message: 'must be a string' }] },
        { index: 2, errors: [{ field: '(body)', message: 'body must be a JSON object' }] },
      ]);
      const event = await queued(body.ids[0] ?? '');
      expect(JSON.stringify(event.extra)).toContain(DEPTH_LIMIT_MARKER);
      expect(JSON.stringify(event.request_headers)).toContain(DEPTH_LIMIT_MARKER);
    },
  );

  it.each([
    ['frame pre_context', frameEvent(`"context_line":"x","pre_context":${deepArray('"x"')}`)],
    ['frame context_line', frameEvent(`"context_line":${deepArray('"x"')}`)],
    ['frame vars', frameEvent(`"vars":${deepObject()}`)],
    [
      'extra, contexts, tags, user',
      `{"message":"m","extra":${deepObject()},"contexts":${deepObject()},"tags":${deepObject()},"user":${deepObject()}}`,
    ],
    ['request headers and data', `{"message":"m","request":{"headers":[["a",${deepArray()}]],"data":${deepObject()}}}`],
    ['log template params', `{"logentry":{"message":"failed %s","params":[${deepArray()}]}}`],
  ])('store and envelope (plain and gzip) answer 200 for %s', async (_name, event) => {
    for (const [path, body] of [
      [store(), event],
      [envelope(), envelopeOf(event)],
    ] as const) {
      const plain = await post(path, body);
      expect([path, plain.status, plain.body]).toEqual([path, 200, expect.any(String)]);
      const zipped = await post(path, gzipSync(body), { 'content-encoding': 'gzip' });
      expect([path, zipped.status]).toEqual([path, 200]);
      const mapped = await queued(String(plain.json().id));
      expect(JSON.stringify(mapped).length).toBeLessThan(100_000);
    }
  });
});

describe('event size', () => {
  it('cuts an oversized traceback with a marker instead of refusing the event', async () => {
    const traceback = `Traceback (most recent call last):\n${'  File "/srv/app.py", line 1, in f\n'.repeat(6_000)}ValueError: boom`;
    const answer = await post('/api/errors/batch', JSON.stringify({ errors: [{ message: 'big', traceback }] }));
    expect(answer.status).toBe(202);
    const event = await queued(String((answer.json().ids as string[])[0]));
    expect(event.traceback?.length).toBeLessThanOrEqual(65_536);
    expect(event.traceback).toMatch(/characters cut\]\n[\s\S]*ValueError: boom$/);
  });
});

/** A request that declares `bytes` and sends none: it holds its reservation until destroyed. */
async function holdBudget(bytes: number): Promise<Socket> {
  const holder = connect(Number(new URL(api.base).port), '127.0.0.1');
  await new Promise((resolve) => holder.once('connect', resolve));
  holder.write(
    `POST /api/errors HTTP/1.1\r\nHost: x\r\nX-API-Key: ${TEST_API_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${bytes}\r\n\r\n`,
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  return holder;
}

async function release(holder: Socket): Promise<void> {
  holder.destroy();
  await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('in-flight body budget', () => {
  it('answers 503 with Retry-After while other bodies hold the budget, and takes the request again after', async () => {
    const holder = await holdBudget(200_000);
    const body = JSON.stringify({ message: 'x'.repeat(9_000), extra: { blob: 'y'.repeat(400_000) } });
    const refused = await post('/api/errors/batch', `{"errors":[${body}]}`);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(String(refused.json().detail)).toMatch(/request bodies/);
    const small = await post('/api/errors', '{"message":"small"}');
    expect(small.status).toBe(202);
    await release(holder);
    expect((await post('/api/errors/batch', `{"errors":[${body}]}`)).status).toBe(202);
  });

  it('counts what a Sentry body inflates to: 503 when it would fit later, 413 for a bomb that never fits', async () => {
    const event = `{"message":"inflated","extra":{"blob":"${'z'.repeat(500_000)}"}}`;
    const holder = await holdBudget(200_000);
    const later = await post(envelope(), gzipSync(envelopeOf(event)), { 'content-encoding': 'gzip' });
    expect([later.status, later.headers.get('retry-after')]).toEqual([503, '1']);
    const bomb = await post(envelope(), gzipSync(Buffer.alloc(30 * 1024 * 1024)), { 'content-encoding': 'gzip' });
    expect(bomb.status).toBe(413);
    expect(String(bomb.json().detail)).toMatch(/decompressed body exceeds 20971520 bytes/);
    await release(holder);
    expect((await post(envelope(), gzipSync(envelopeOf(event)), { 'content-encoding': 'gzip' })).status).toBe(200);
  });
});

describe('requests Node parses itself', () => {
  it('answers a URL past the header limit with a 431 problem, not a bare status line', async () => {
    const response = await fetch(`${api.base}/api/errors?search=${'a'.repeat(20_000)}`, {
      headers: { 'x-api-key': TEST_API_KEY },
    });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toBe('application/problem+json');
    expect(((await response.json()) as { detail: string }).detail).toMatch(/exceed 16 KB/);
  });

  it('names a repeated query parameter with an empty name', async () => {
    const response = await api.get('/api/errors?=a&=b');
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: unknown[] }).errors).toEqual([
      { field: '(unnamed parameter)', message: 'must be given once, as a plain value' },
    ]);
  });
});

describe('EventQueue failures', () => {
  it('passes a job that cannot be serialised through as it is, not as Redis unavailable', async () => {
    const connection = new Redis(redisUrl(), { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    await new Promise((resolve) => connection.once('ready', resolve));
    const events = new EventQueue(connection, sandbox.redisPrefix, () => connection);
    const unserialisable = { extra: { n: BigInt(1) } } as unknown as IngestEvent;
    try {
      const failure = await events.add({ event: unserialisable, chars: 100 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(TypeError);
      expect(failure).not.toBeInstanceOf(QueueUnavailableError);
    } finally {
      await events.close();
      connection.disconnect();
    }
  });
});
