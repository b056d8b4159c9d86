import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { createLogger } from '@error-tracker/runtime/logger';
import { startIngestWorker } from '@error-tracker/ingest-worker';
import { type ApiService, startApi } from '../../services/api/src';
import { useSandbox } from '../support/sandbox';
import { TEST_API_KEY } from '../support/test-config';
import { waitFor } from '../support/wait-for';

interface Project {
  readonly id: number;
  readonly public_key: string;
  readonly dsn: string;
}

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

const logger = createLogger('silent', 'test');
const sandbox = useSandbox();
let api: ApiService;
let limitedApi: ApiService;
let alpha: Project;
let beta: Project;

beforeAll(async () => {
  api = sandbox.stopAfter(await startApi(sandbox.config({ RATE_LIMIT_PER_MINUTE: '0' }), logger));
  const limited = sandbox.config({
    REDIS_PREFIX: `${sandbox.redisPrefix}:limited`,
    RATE_LIMIT_PER_MINUTE: '0',
    KEY_RATE_LIMIT_INGEST: '3',
  });
  limitedApi = sandbox.stopAfter(await startApi(limited, logger));
  sandbox.stopAfter(await startIngestWorker(sandbox.config(), logger));
  alpha = await createProject('alpha');
  beta = await createProject('beta');
});

async function createProject(name: string): Promise<Project> {
  const response = await fetch(`http://127.0.0.1:${api.port}/api/projects`, {
    method: 'POST',
    headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Project;
}

/** A POST through node:http, so a test decides Content-Length, chunking and every header. */
function post(
  path: string,
  body: Buffer,
  headers: Record<string, string> = {},
  options: { chunked?: boolean; port?: number } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port ?? api.port,
        path,
        method: 'POST',
        headers: options.chunked ? headers : { ...headers, 'content-length': String(body.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    if (options.chunked) {
      for (let i = 0; i < body.length; i += 100) req.write(body.subarray(i, i + 100));
      req.end();
    } else {
      req.end(body);
    }
  });
}

const hexId = () => randomUUID().replace(/-/g, '');
const envelopeUrl = (project: Project, key = project.public_key) =>
  `/api/${project.id}/envelope/?sentry_key=${key}&sentry_version=7`;

/** An envelope: header line, then items; `length` is written for the items that ask for it. */
function envelope(
  header: Record<string, unknown>,
  items: ReadonlyArray<{ type: string; payload: Buffer | string; withLength?: boolean }>,
): Buffer {
  const parts: Buffer[] = [Buffer.from(`${JSON.stringify(header)}\n`)];
  for (const item of items) {
    const payload = Buffer.isBuffer(item.payload) ? item.payload : Buffer.from(item.payload);
    const itemHeader = item.withLength ? { type: item.type, length: payload.length } : { type: item.type };
    parts.push(Buffer.from(`${JSON.stringify(itemHeader)}\n`), payload, Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

function eventEnvelope(event: Record<string, unknown>, withLength = false): Buffer {
  return envelope({ event_id: event.event_id }, [{ type: 'event', payload: JSON.stringify(event), withLength }]);
}

const storedOccurrences = (ids: readonly string[]) =>
  waitFor(`${ids.length} occurrences`, async () => {
    const rows = await sandbox.db
      .selectFrom('recent_occurrences as o')
      .innerJoin('errors as e', 'e.id', 'o.error_id')
      .select(['o.event_id', 'o.timestamp', 'o.message', 'e.project', 'e.exception_type'])
      .where(
        'o.event_id',
        'in',
        ids.map((id) => id.replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')),
      )
      .execute();
    return rows.length === ids.length ? rows : undefined;
  });

describe('Sentry ingest protocol', () => {
  it('takes identity, gzip, deflate (zlib and raw), br and chunked bodies, each auth style; answers 200 {"id"}; events land', async () => {
    const encodings: Array<[string, (body: Buffer) => Buffer, boolean]> = [
      ['identity', (b) => b, false],
      ['gzip', gzipSync, false],
      ['deflate', deflateSync, false],
      ['deflate', deflateRawSync, false],
      ['br', brotliCompressSync, false],
      ['gzip', gzipSync, true],
      ['identity', (b) => b, true],
    ];
    const auth = (i: number): [string, Record<string, string>] =>
      [
        [envelopeUrl(alpha), {}],
        [
          `/api/${alpha.id}/envelope/`,
          { 'x-sentry-auth': `Sentry sentry_version=7, sentry_client=test/1.0, sentry_key=${alpha.public_key}` },
        ],
        [`/api/${alpha.id}/envelope/`, { authorization: `Sentry sentry_key=${alpha.public_key}, sentry_version=7` }],
      ][i % 3] as [string, Record<string, string>];
    const ids: string[] = [];
    const timestamps: string[] = [];
    for (const [i, [encoding, encode, chunked]] of encodings.entries()) {
      const id = hexId();
      const at = new Date(Date.UTC(2026, 10, 21, 10, i, 0, 250));
      ids.push(id);
      timestamps.push(at.toISOString());
      // float seconds and ISO strings, in turn; envelope items with and without length, in turn
      const event = {
        event_id: id,
        timestamp: i % 2 ? at.toISOString() : at.getTime() / 1000,
        platform: 'node',
        message: `encoded ${encoding} ${i}`,
      };
      const [path, headers] = auth(i);
      const answer = await post(
        path,
        encode(eventEnvelope(event, i % 2 === 0)),
        { ...headers, 'content-encoding': encoding },
        { chunked },
      );
      expect([answer.status, answer.body]).toEqual([200, JSON.stringify({ id })]);
      expect(answer.headers['retry-after']).toBeUndefined();
    }

    const rows = await storedOccurrences(ids);
    const byId = new Map(rows.map((row) => [row.event_id.replace(/-/g, ''), row]));
    expect(ids.map((id) => byId.get(id)?.timestamp.toISOString())).toEqual(timestamps);
    expect(new Set(rows.map((row) => [row.project, row.exception_type].join()))).toEqual(new Set(['alpha,Message']));
  });

  it('takes a gzipped event on /store/ with X-Sentry-Auth, as sentry-python 1.x sends it', async () => {
    const id = hexId();
    const event = { event_id: id, platform: 'python', exception: { values: [{ type: 'KeyError', value: "'sku'" }] } };
    const answer = await post(`/api/${alpha.id}/store/`, gzipSync(JSON.stringify(event)), {
      'content-type': 'application/json',
      'content-encoding': 'gzip',
      'x-sentry-auth': `Sentry sentry_key=${alpha.public_key}, sentry_version=7, sentry_client=sentry.python/1.9.10`,
    });
    expect([answer.status, answer.body]).toEqual([200, JSON.stringify({ id })]);
    expect((await storedOccurrences([id]))[0]).toMatchObject({ exception_type: 'KeyError', message: "'sku'" });
  });

  it('skips item types it does not store (transaction, session, client_report, attachment) and takes one event at most', async () => {
    const id = hexId();
    const binary = Buffer.from([0x00, 0x0a, 0x0a, 0xff, 0x7b, 0x0a]);
    const mixed = envelope({ event_id: id, sent_at: new Date().toISOString() }, [
      { type: 'transaction', payload: JSON.stringify({ type: 'transaction', spans: [] }) },
      { type: 'attachment', payload: binary, withLength: true },
      { type: 'event', payload: JSON.stringify({ message: 'with company' }) },
      { type: 'session', payload: JSON.stringify({ sid: hexId(), status: 'ok' }), withLength: true },
      { type: 'client_report', payload: JSON.stringify({ discarded_events: [] }) },
    ]);
    const answer = await post(envelopeUrl(alpha), mixed);
    expect([answer.status, answer.body]).toEqual([200, JSON.stringify({ id })]);
    expect((await storedOccurrences([id]))[0]?.message).toBe('with company');

    for (const type of [
      'session',
      'sessions',
      'client_report',
      'transaction',
      'attachment',
      'check_in',
      'profile',
      'replay_event',
      'statsd',
    ]) {
      const only = await post(envelopeUrl(alpha), envelope({}, [{ type, payload: '{"x":1}' }]));
      expect([type, only.status, only.body]).toEqual([type, 200, '{}']);
    }

    const twoEvents = envelope({}, [
      { type: 'event', payload: '{"message":"one"}' },
      { type: 'event', payload: '{"message":"two"}' },
    ]);
    expect((await post(envelopeUrl(alpha), twoEvents)).status).toBe(400);
  });

  it('answers 413 beyond 1 MB per event and 20 MB per envelope, compressed or not', async () => {
    const big = { message: 'x'.repeat(1024 * 1024) };
    expect((await post(envelopeUrl(alpha), eventEnvelope(big))).status).toBe(413);
    expect((await post(envelopeUrl(alpha), gzipSync(eventEnvelope(big)), { 'content-encoding': 'gzip' })).status).toBe(413);
    const storeAuth = { 'x-sentry-auth': `Sentry sentry_key=${alpha.public_key}` };
    expect((await post(`/api/${alpha.id}/store/`, Buffer.from(JSON.stringify(big)), storeAuth)).status).toBe(413);
    expect(
      (await post(`/api/${alpha.id}/store/`, gzipSync(JSON.stringify(big)), { ...storeAuth, 'content-encoding': 'gzip' })).status,
    ).toBe(413);

    // 21 MB of padding in an attachment: a 20 kB gzip that inflates past the envelope limit
    const padded = envelope({}, [{ type: 'attachment', payload: Buffer.alloc(21 * 1024 * 1024), withLength: true }]);
    const bomb = await post(envelopeUrl(alpha), gzipSync(padded), { 'content-encoding': 'gzip' });
    expect(bomb.status).toBe(413);
    expect(bomb.headers['content-type']).toMatch(/problem\+json/);
    const justUnder = { message: 'y'.repeat(1024 * 1024 - 100) };
    expect((await post(envelopeUrl(alpha), eventEnvelope(justUnder))).status).toBe(200);
  });

  it('lets a DSN key ingest into its own project only, and read nothing', async () => {
    const event = eventEnvelope({ message: 'm' });
    expect((await post(`/api/${beta.id}/envelope/?sentry_key=${alpha.public_key}`, event)).status).toBe(401);
    expect((await post(`/api/${alpha.id}/envelope/`, event)).status).toBe(401);
    expect((await post(`/api/${alpha.id}/envelope/?sentry_key=${'0'.repeat(32)}`, event)).status).toBe(401);
    expect((await post(`/api/999999/envelope/?sentry_key=${alpha.public_key}`, event)).status).toBe(401);
    expect(
      (await post(`/api/${beta.id}/store/`, Buffer.from('{}'), { 'x-sentry-auth': `Sentry sentry_key=${alpha.public_key}` }))
        .status,
    ).toBe(401);

    const base = `http://127.0.0.1:${api.port}`;
    for (const [path, headers] of [
      [`/api/errors?sentry_key=${alpha.public_key}`, {}],
      ['/api/errors', { 'x-sentry-auth': `Sentry sentry_key=${alpha.public_key}` }],
      ['/api/errors', { authorization: `Sentry sentry_key=${alpha.public_key}` }],
      ['/api/errors', { authorization: `Bearer ${alpha.public_key}` }],
      ['/api/projects/alpha', { 'x-api-key': alpha.public_key }],
    ] as const) {
      expect([path, (await fetch(`${base}${path}`, { headers })).status]).toEqual([path, 401]);
    }
  });

  it('answers CORS preflights and exposes the rate-limit headers to pages', async () => {
    const preflight = await fetch(`http://127.0.0.1:${api.port}/api/${alpha.id}/envelope/?sentry_key=${alpha.public_key}`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-sentry-auth',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/x-sentry-auth/);

    const answer = await post(envelopeUrl(alpha), eventEnvelope({ message: 'from a page' }), { origin: 'http://shop.example' });
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(String(answer.headers['access-control-expose-headers'])).toMatch(
      /Retry-After.*X-Sentry-Rate-Limits|X-Sentry-Rate-Limits.*Retry-After/,
    );
  });

  it('answers 429 with integer X-Sentry-Rate-Limits and Retry-After once a project is over its budget, never Retry-After on a 200', async () => {
    const send = () =>
      post(
        envelopeUrl(alpha),
        eventEnvelope({ event_id: hexId(), message: 'limited' }),
        { origin: 'http://shop.example' },
        { port: limitedApi.port },
      );
    for (let i = 0; i < 3; i++) {
      const ok = await send();
      expect(ok.status).toBe(200);
      expect(ok.headers['retry-after']).toBeUndefined();
      expect(ok.headers['x-sentry-rate-limits']).toBeUndefined();
    }
    const limited = await send();
    expect(limited.status).toBe(429);
    const retryAfter = String(limited.headers['retry-after']);
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    expect(limited.headers['x-sentry-rate-limits']).toBe(`${retryAfter}::organization`);
    expect(limited.headers['access-control-allow-origin']).toBe('*');
    // The budget is the project's: another project from the same address still gets through.
    const other = await post(
      envelopeUrl(beta),
      eventEnvelope({ event_id: hexId(), message: 'other project' }),
      {},
      { port: limitedApi.port },
    );
    expect(other.status).toBe(200);
  });
});
