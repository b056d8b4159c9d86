import { connect, type Socket } from 'node:net';
import { sql } from 'kysely';
import { bumpCacheGeneration } from '@error-tracker/contracts/redis-keys';
import { apiPort, type RoleProcess } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { startTcpProxy, type TcpProxy, throughProxy } from '../support/tcp-proxy';
import { TEST_API_KEY } from '../support/test-config';
import { waitFor, waitUntil } from '../support/wait-for';

/**
 * The monitoring figures against real processes: an API (reaching PostgreSQL through a proxy the
 * test can cut) and an ingest worker, sampling every second. Every request the test makes to the
 * API is counted here, so the figures can be held to what really happened.
 */
const sandbox = useSandbox();
const INTERVAL_MS = 1_000;
const ENV = {
  MONITORING_SAMPLE_INTERVAL_MS: String(INTERVAL_MS),
  RATE_LIMIT_PER_MINUTE: '0',
  KEY_RATE_LIMIT_DEFAULT: '0',
  KEY_RATE_LIMIT_ANALYTICS: '0',
  KEY_RATE_LIMIT_INGEST: '0',
};

let proxy: TcpProxy;
let worker: RoleProcess;
let base: string;

/** What the test sent the API and got back. */
const sent = { calls: 0, errors5xx: 0, slow: 0, bodyBytes: 0, lastEnd: 0 };

async function call(path: string, init: RequestInit = {}): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${base}${path}`, { ...init, headers: { 'x-api-key': TEST_API_KEY, ...init.headers } });
  const body = Buffer.from(await response.arrayBuffer());
  sent.calls += 1;
  sent.bodyBytes += body.length;
  if (response.status >= 500) sent.errors5xx += 1;
  sent.lastEnd = Date.now();
  const text = body.toString('utf8');
  return { status: response.status, json: text.startsWith('{') ? JSON.parse(text) : text };
}

/** A monitoring answer computed now, not one cached before. */
async function fresh<T>(path: string): Promise<T> {
  await bumpCacheGeneration(sandbox.redis, sandbox.redisPrefix);
  const { status, json } = await call(path);
  if (status !== 200) throw new Error(`${path}: ${status} ${JSON.stringify(json)}`);
  return json as T;
}

/** Waits for an API sample taken after the last answer: every call so far is then in the samples. */
async function settled(): Promise<number> {
  const after = new Date(Math.floor(sent.lastEnd / INTERVAL_MS) * INTERVAL_MS + INTERVAL_MS);
  await waitUntil('an API sample after the last call', async () => {
    const row = await sandbox.db
      .selectFrom('monitoring_samples')
      .select('slot')
      .where('roles', '@>', sql<string[]>`ARRAY['api']`)
      .where('slot', '>=', after)
      .executeTakeFirst();
    return row !== undefined;
  });
  return sent.calls;
}

const samplesOf = async (role: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM monitoring_samples WHERE roles @> ARRAY[${role}]`.execute(sandbox.db))
    .rows[0]!.n;

interface Service {
  name: string;
  status: string;
  uptime_percent: number | null;
  details: Record<string, unknown>;
}
const services = async () => {
  const answer = await fresh<{ services: Service[]; overall_health: string }>('/api/monitoring/services');
  return Object.fromEntries(answer.services.map((s) => [s.name, s]));
};
type Figures = Record<string, unknown>;
const performance = () => fresh<Figures>('/api/analytics/performance?timeframe=1h');
const apiInstance = async () => {
  const metrics = await fresh<{ instances: Figures[] } & Figures>('/api/monitoring/metrics?timeframe=1h');
  return { metrics, api: metrics.instances.find((i) => (i.roles as string[]).includes('api'))! };
};

let scoreBefore: number;

describe('monitoring against real processes', () => {
  beforeAll(async () => {
    const database = new URL(sandbox.database.url);
    proxy = sandbox.stopAfter(await startTcpProxy(database.hostname, Number(database.port || 5432)));
    const api = sandbox.start('api', { ...ENV, DATABASE_URL: throughProxy(sandbox.database.url, proxy) });
    base = `http://127.0.0.1:${await apiPort(api)}`;
    // The API samples first: uptime counts from the first sample of any process.
    await waitUntil('an API sample', async () => (await samplesOf('api')) > 0);
    worker = sandbox.start('ingest-worker', ENV);
    // Its first sample covers its start-up (module loading can keep a core busy): judged from the second.
    await waitUntil('two worker samples', async () => (await samplesOf('ingest-worker')) > 1);
  });

  it('answers the services from live checks and each role from its samples', async () => {
    const { rows } = await sql<{ max: number }>`SELECT current_setting('max_connections')::int AS max`.execute(sandbox.db);
    const byName = await services();
    expect(byName.Database).toMatchObject({ status: 'healthy', details: { max_connections: rows[0]!.max } });
    // At least the API's pool, its sampler's and this test's connection.
    expect(byName.Database!.details.connections).toBeGreaterThanOrEqual(3);
    expect(byName['Cache Service']!.status).toBe('healthy');
    expect(byName['Cache Service']!.details.clients).toBeGreaterThanOrEqual(2);
    expect(byName['Ingest Queue']).toMatchObject({ status: 'healthy', details: { waiting: 0, live_workers: 1 } });
    expect(byName.API).toMatchObject({ status: 'healthy', details: { live_instances: 1 } });
    expect(byName['Ingest Worker']).toMatchObject({ status: 'healthy', details: { live_instances: 1 } });
    expect(byName.Notifier!.status).toBe('unknown');
    expect(byName.Retention!.status).toBe('unknown');
  });

  it('counts every request, its 5xx and bytes, and a PostgreSQL outage as downtime', async () => {
    for (let i = 0; i < 30; i++) expect((await call('/api/projects')).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await call('/api/errors?limit=abc')).status).toBe(400);

    const downAt = Date.now();
    proxy.down();
    for (let i = 0; i < 4; i++) expect((await call(`/api/errors?search=outage-${i}`)).status).toBeGreaterThanOrEqual(500);
    const during = await services();
    expect(during.Database!.status).toBe('unhealthy');
    expect(during.API!.status).toBe('unknown');
    await waitUntil('a few slots of outage', () => Date.now() - downAt > 4 * INTERVAL_MS);
    proxy.up();
    const upAt = Date.now();

    // The samples held during the outage are written once PostgreSQL is back.
    await waitUntil('the outage samples', async () => {
      const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM monitoring_samples WHERE NOT postgres_ok`.execute(
        sandbox.db,
      );
      return rows[0]!.n >= 3;
    });

    let calls = await settled();
    const { api, metrics } = await apiInstance();
    expect(api).toMatchObject({ requests: calls, errors_5xx: sent.errors5xx, live: true });
    const bytes = metrics.network_io as { bytes_in: number; bytes_out: number };
    expect(bytes.bytes_out).toBeGreaterThanOrEqual(sent.bodyBytes);
    expect(bytes.bytes_in).toBeGreaterThanOrEqual(calls * `GET / HTTP/1.1\r\nx-api-key: ${TEST_API_KEY}\r\n`.length);
    expect(metrics.cpu_usage_percent).toBeGreaterThan(0);
    expect(metrics.memory_usage_percent).toBeGreaterThan(0);

    calls = await settled();
    const apiSlots = async () =>
      (
        await sql<{
          n: number;
        }>`SELECT count(DISTINCT slot)::int AS n FROM monitoring_samples WHERE requests IS NOT NULL`.execute(sandbox.db)
      ).rows[0]!.n;
    const slotsBefore = await apiSlots();
    const figures = await performance();
    const slotsAfter = await apiSlots();
    const round = (n: number) => Math.round(n * 100) / 100;
    expect(figures).toMatchObject({ requests: calls, error_rate_percent: round((100 * sent.errors5xx) / calls) });
    // Requests over the minutes the API's samples cover (a sample may land while the answer is computed).
    const perMinute = (slots: number) => round(calls / ((slots * INTERVAL_MS) / 60_000));
    expect(figures.throughput_rpm).toBeGreaterThanOrEqual(perMinute(slotsAfter));
    expect(figures.throughput_rpm).toBeLessThanOrEqual(perMinute(slotsBefore));
    expect(figures.availability_percent).toBeLessThan(100);
    // No answer has taken 5 s yet.
    expect(figures.p99_response_time).toBeLessThan(5_000);
    scoreBefore = figures.performance_score as number;

    const uptime = await fresh<Figures>('/api/monitoring/uptime');
    expect(uptime.uptime_percent_24h).toBeLessThan(100);
    const lastDowntime = Date.parse(uptime.last_downtime as string);
    expect(lastDowntime).toBeGreaterThanOrEqual(Math.floor(downAt / INTERVAL_MS) * INTERVAL_MS);
    expect(lastDowntime).toBeLessThanOrEqual(upAt);
    expect((uptime.current_uptime_hours as number) * 3_600_000).toBeLessThanOrEqual(Date.now() - upAt + 2 * INTERVAL_MS);
    expect((await services()).Database!.uptime_percent).toBeLessThan(100);
  });

  it('shows the connections held open to the API', async () => {
    const held: Socket[] = await Promise.all(
      Array.from(
        { length: 20 },
        () =>
          new Promise<Socket>((resolve) => {
            const socket = connect(Number(new URL(base).port), '127.0.0.1', () => resolve(socket));
          }),
      ),
    );
    await settled();
    const open = (await apiInstance()).metrics.active_connections as number;
    expect(open).toBeGreaterThanOrEqual(held.length);
    for (const socket of held) socket.destroy();
    sent.lastEnd = Date.now();
    await settled();
    expect((await apiInstance()).metrics.active_connections).toBeLessThanOrEqual(open - held.length);
  });

  it('sees a stopped worker, the jobs waiting for it, and the slow answers they cause', async () => {
    await worker.stop();
    await waitFor('the worker to count as gone', async () =>
      (await services())['Ingest Worker']!.status === 'unhealthy' ? true : undefined,
    );

    // With no worker, Prefer: wait holds each answer until its 5 s timeout: the slow route.
    const waited = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        call('/api/errors', {
          method: 'POST',
          headers: { 'content-type': 'application/json', prefer: 'wait' },
          body: JSON.stringify({ message: `slow ${i}` }),
        }),
      ),
    );
    expect(waited.map((answer) => answer.status)).toEqual(Array(10).fill(202));
    sent.slow += waited.length;

    const queue = (await services())['Ingest Queue']!;
    expect(queue).toMatchObject({ status: 'unhealthy', details: { waiting: 10, live_workers: 0 } });
    expect(queue.details.oldest_waiting_seconds).toBeGreaterThanOrEqual(5);

    const calls = await settled();
    const figures = await performance();
    // More than 1 % of the answers took over 5 s: the 99th percentile is in their bucket.
    expect(sent.slow / calls).toBeGreaterThan(0.01);
    expect(figures.p99_response_time).toBeGreaterThan(5_000);
    // 5xx and the slow answers frustrate: the score can be at most what the rest allow.
    expect(figures.performance_score).toBeLessThanOrEqual(
      Math.ceil((10 * 10 * (calls - sent.errors5xx - sent.slow)) / calls) / 10,
    );
    expect(figures.performance_score).toBeLessThan(scoreBefore);
  });
});
