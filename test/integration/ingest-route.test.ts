import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { createLogger } from '@error-tracker/runtime/logger';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import type { IngestEvent, IngestJobData } from '@error-tracker/contracts/ingest-job';
import { startIngestWorker } from '@error-tracker/ingest-worker';
import { type ApiService, startApi } from '../../services/api/src';
import { pythonTrace } from '../support/events';
import { useSandbox } from '../support/sandbox';
import { waitingEvents } from '../support/enqueue';
import { TEST_API_KEY } from '../support/test-config';

const logger = createLogger('silent', 'test');
const sandbox = useSandbox();
let base: string;
let queue: Queue<IngestJobData>;

beforeAll(async () => {
  const api = sandbox.stopAfter(await startApi(sandbox.config({ MAX_BODY_BYTES: '4096' }), logger));
  base = `http://127.0.0.1:${api.port}`;
  queue = sandbox.stopAfter(new Queue<IngestJobData>(INGEST_QUEUE, { connection: sandbox.redis, prefix: sandbox.redisPrefix }));
});

function post(body: unknown, headers: Record<string, string> = {}, path = '/api/errors') {
  return fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function queuedEvent(id: string): Promise<IngestEvent | undefined> {
  return (await waitingEvents(queue)).find((event) => event.event_id === id);
}

describe('POST /api/errors', () => {
  it('answers 202 once the masked event is in the ingest queue', async () => {
    const response = await post({
      project: 'shop',
      message: 'invalid input',
      traceback: pythonTrace('checkout', 12),
      request_headers: { Authorization: 'Bearer secret-token', Accept: 'application/json' },
      extra: { password: 'hunter2', order: 42 },
    });
    expect(response.status).toBe(202);
    const body = (await response.json()) as { status: string; id: string };
    expect(body.status).toBe('queued');
    const event = await queuedEvent(body.id);
    expect(event).toMatchObject({
      project: 'shop',
      message: 'invalid input',
      request_headers: { Authorization: '**************', Accept: 'application/json' },
      extra: { password: '**************', order: 42 },
      client_ip: '127.0.0.1',
    });
    expect(JSON.stringify(event)).not.toContain('hunter2');
  });

  it('accepts text/plain JSON and ?api_key= for navigator.sendBeacon', async () => {
    const response = await fetch(`${base}/api/errors?api_key=${TEST_API_KEY}`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ message: 'from a browser', source: 'browser' }),
    });
    expect(response.status).toBe(202);
  });

  it('accepts Authorization: Bearer', async () => {
    const response = await post({ message: 'm' }, { 'x-api-key': '', authorization: `Bearer ${TEST_API_KEY}` });
    expect(response.status).toBe(202);
  });

  it('refuses a missing or wrong key with 401 problem+json', async () => {
    for (const headers of [{ 'x-api-key': '' }, { 'x-api-key': 'wrong' }]) {
      const response = await post({ message: 'm' }, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('does not accept ?api_key= on other routes', async () => {
    const response = await fetch(`${base}/api/nothing-here?api_key=${TEST_API_KEY}`);
    expect(response.status).toBe(401);
  });

  it('lists every invalid field in a 400', async () => {
    const response = await post({ message: 7, level: 'loud', project: 'x'.repeat(101) });
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { status: number; errors: Array<{ field: string }> };
    expect(problem.status).toBe(400);
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['level', 'message', 'project']);
  });

  it('answers malformed JSON with 400, not 500', async () => {
    for (const body of ['{"message": ', '{"message": "x"} trailing', '\u0000']) {
      expect((await post(body)).status).toBe(400);
    }
  });

  it('answers 413 above MAX_BODY_BYTES', async () => {
    const response = await post({ message: 'x'.repeat(5000) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { title: string }).title).toBe('Content Too Large');
  });

  it('answers 415 for a body that is not JSON', async () => {
    const response = await post('message=hi', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(415);
  });
});

describe('POST /api/errors/batch', () => {
  const batch = (errors: unknown) => post({ errors }, {}, '/api/errors/batch');

  it('validates each event alone, queues the valid ones together and lists the rejected', async () => {
    const response = await batch([
      { project: 'batch', message: 'first', extra: { password: 'p' } },
      { project: 'batch', message: 42 },
      { project: 'batch', message: 'third', level: 'warn' },
      'not an object',
    ]);
    expect(response.status).toBe(202);
    const body = (await response.json()) as {
      accepted: number;
      rejected: Array<{ index: number; errors: Array<{ field: string }> }>;
      ids: string[];
    };
    expect(body.accepted).toBe(2);
    expect(body.rejected.map((r) => [r.index, r.errors.map((e) => e.field)])).toEqual([
      [1, ['message']],
      [3, ['(body)']],
    ]);
    const queued = await Promise.all(body.ids.map(queuedEvent));
    expect(queued.map((e) => e?.message)).toEqual(['first', 'third']);
    expect(queued[0]?.extra).toEqual({ password: '**************' });
    expect(queued[1]?.level).toBe('warning');
  });

  it('answers 400 when no event is valid, or the batch is empty or over 1,000', async () => {
    const none = await batch([{ message: 1 }, {}]);
    expect(none.status).toBe(400);
    const problem = (await none.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((e) => e.field)).toEqual(['errors.0.message', 'errors.1.message']);
    expect((await batch([])).status).toBe(400);
    expect((await batch(Array.from({ length: 1_001 }, () => ({ message: 'm' })))).status).toBe(400);
    expect((await post({ errors: 'nope' }, {}, '/api/errors/batch')).status).toBe(400);
  });

  it('takes up to 1 MB although single events are limited to MAX_BODY_BYTES, and answers 413 beyond', async () => {
    const big = Array.from({ length: 100 }, (_, i) => ({ project: 'batch', message: `${i} ${'x'.repeat(9_000)}` }));
    const accepted = await batch(big);
    expect(accepted.status).toBe(202);
    expect(((await accepted.json()) as { accepted: number }).accepted).toBe(100);
    const tooBig = Array.from({ length: 120 }, () => ({ message: 'x'.repeat(9_500) }));
    expect((await batch(tooBig)).status).toBe(413);
  });
});

describe('POST /api/errors with Prefer: wait', () => {
  beforeAll(async () => {
    sandbox.stopAfter(await startIngestWorker(sandbox.config(), logger));
  });

  it('answers 201 created, then 200 existing with the count, when asked to wait', async () => {
    const body = { project: 'wait', message: 'first', traceback: pythonTrace('views', 8) };
    const created = await post(body, { prefer: 'wait' });
    expect(created.status).toBe(201);
    const first = (await created.json()) as { status: string; fingerprint: string; id: number };
    expect(first).toEqual({ status: 'created', fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/), id: expect.any(Number) });

    const existing = await post({ ...body, message: 'second' }, {}, '/api/errors?wait=true');
    expect(existing.status).toBe(200);
    expect(await existing.json()).toEqual({ status: 'existing', fingerprint: first.fingerprint, id: first.id, count: 2 });
  });
});

describe('when Redis is down and there is no spool (SPOOL_MAX_BYTES=0)', () => {
  let downApi: ApiService;

  beforeAll(async () => {
    downApi = sandbox.stopAfter(
      await startApi(sandbox.config({ REDIS_URL: 'redis://127.0.0.1:1', SPOOL_MAX_BYTES: '0' }), logger),
    );
  });

  it('answers POST /api/errors with 503 and Retry-After', async () => {
    const response = await fetch(`http://127.0.0.1:${downApi.port}/api/errors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
      body: JSON.stringify({ message: 'm' }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
  });

  it('is not ready, but healthy', async () => {
    expect((await fetch(`http://127.0.0.1:${downApi.port}/ready`)).status).toBe(503);
    expect((await fetch(`http://127.0.0.1:${downApi.port}/health`)).status).toBe(200);
  });
});

describe('when Redis is down and the API spools', () => {
  let spoolingApi: ApiService;
  const dir = mkdtempSync(join(tmpdir(), 'et-spool-test-'));

  beforeAll(async () => {
    spoolingApi = sandbox.stopAfter(await startApi(sandbox.config({ REDIS_URL: 'redis://127.0.0.1:1', SPOOL_DIR: dir }), logger));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts the event (202) into the spool and stays ready, saying so', async () => {
    const response = await fetch(`http://127.0.0.1:${spoolingApi.port}/api/errors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
      body: JSON.stringify({ message: 'kept on disk' }),
    });
    expect(response.status).toBe(202);
    const ready = await fetch(`http://127.0.0.1:${spoolingApi.port}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ checks: { redis: 'unavailable: spooling' } });
    expect(readdirSync(dir).join(',')).toMatch(/open-\d+\.jsonl/);
  });
});
