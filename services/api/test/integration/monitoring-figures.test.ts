import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { sql } from 'kysely';
import type { Insertable } from 'kysely';
import type { MonitoringSamplesTable } from '@error-tracker/contracts/db/schema';
import { cacheGenerationKey, readCacheKey } from '@error-tracker/contracts/redis-keys';
import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { enqueueEvents } from '../../../../test/support/enqueue';
import { ingestEvent } from '../../../../test/support/events';
import { useSandbox } from '../../../../test/support/sandbox';

/**
 * The formulas of docs/monitoring.md, checked on samples whose every figure is known: the API in
 * this process runs no sampler, so the rows below are the whole history (one-minute slots, the
 * default interval).
 */
const sandbox = useSandbox({ per: 'test' });
let api: ApiHarness;

const MINUTE = 60_000;
const now = () => Date.now();
const slot = (minutesAgo: number) => new Date(Math.floor(now() / MINUTE) * MINUTE - minutesAgo * MINUTE);

type Sample = Insertable<MonitoringSamplesTable>;

function sample(instance: string, minutesAgo: number, extra: Partial<Sample> = {}): Sample {
  const at = slot(minutesAgo);
  return {
    instance_id: instance,
    slot: at,
    recorded_at: new Date(at.getTime() + MINUTE / 2),
    interval_ms: MINUTE,
    host: `${instance}-host`,
    roles: ['ingest-worker'],
    cpu_percent: 20,
    heap_used_bytes: 50,
    rss_bytes: 200,
    memory_limit_bytes: 1_000,
    event_loop_delay_ms: 1,
    event_loop_delay_p99_ms: 5,
    disk_used_bytes: 30,
    disk_size_bytes: 100,
    postgres_ok: true,
    postgres_latency_ms: 1,
    redis_ok: true,
    redis_latency_ms: 1,
    ...extra,
  };
}

/** Ten requests a slot: one 5xx, seven within T, one within 4 T, one past it (5 s bucket). */
const API_SLOT = {
  roles: ['api'],
  cpu_percent: 10,
  rss_bytes: 100,
  requests: 10,
  errors_5xx: 1,
  duration_sum_ms: 1_000,
  latency_buckets: JSON.stringify({ '0.1': 5, '0.3': 8, '1.2': 9, '5': 10, '+Inf': 10 }),
  apdex_satisfied: 7,
  apdex_tolerating: 1,
  open_connections: 3,
  bytes_in: 1_000,
  bytes_out: 4_000,
} satisfies Partial<Sample>;

/**
 * Ten completed slots. The API sampled in nine (none 7 minutes ago) and PostgreSQL failed it 4
 * minutes ago: 8 up slots. Its newest sample shows 95 % CPU. A worker sampled every slot; a
 * notifier stopped 8 minutes ago; no retention ever ran.
 */
async function seedHistory(): Promise<void> {
  const rows: Sample[] = [];
  for (let ago = 1; ago <= 10; ago++) {
    if (ago !== 7) rows.push(sample('api-a', ago, { ...API_SLOT, postgres_ok: ago !== 4, cpu_percent: ago === 1 ? 95 : 10 }));
    rows.push(sample('worker-a', ago));
    if (ago >= 8)
      rows.push(sample('notifier-a', ago, { roles: ['notifier'], cpu_percent: 30, rss_bytes: 50, disk_used_bytes: 60 }));
  }
  await sandbox.db.insertInto('monitoring_samples').values(rows).execute();
}

async function body<T>(path: string): Promise<T> {
  const response = await api.get(path);
  if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

interface Service {
  name: string;
  status: string;
  uptime_percent: number | null;
  response_time_ms: number | null;
  last_checked: string | null;
  details: Record<string, unknown>;
}

beforeEach(async () => {
  // The samples are placed by minute: a test must not straddle a minute's end.
  const left = MINUTE - (now() % MINUTE);
  if (left < 5_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
  api = await startApiHarness(sandbox);
});

describe('GET /api/analytics/performance', () => {
  it('computes latency, 5xx rate, throughput, availability and Apdex from the samples', async () => {
    await seedHistory();
    const performance = await body<Record<string, number>>('/api/analytics/performance?timeframe=1h');
    const requests = 9 * 10;
    // Cumulative over nine samples: ≤0.1 s 45, ≤0.3 s 72, ≤1.2 s 81, ≤5 s 90.
    const inFiveSecondBucket = (q: number) => 1_000 * (1.2 + ((5 - 1.2) * (q * requests - 81)) / (90 - 81));
    expect(performance).toEqual({
      timeframe: '1h',
      requests,
      avg_response_time: (9 * 1_000) / requests,
      p95_response_time: Math.round(inFiveSecondBucket(0.95) * 100) / 100,
      p99_response_time: Math.round(inFiveSecondBucket(0.99) * 100) / 100,
      error_rate_percent: (100 * 9) / requests,
      throughput_rpm: requests / 9,
      availability_percent: (100 * 8) / 10,
      performance_score: Math.round(((9 * 7 + (9 * 1) / 2) / requests) * 10 * 10) / 10,
    });
  });

  it('answers nulls, not zeros, with no samples', async () => {
    expect(await body('/api/analytics/performance')).toEqual({
      timeframe: '1h',
      requests: 0,
      avg_response_time: null,
      p95_response_time: null,
      p99_response_time: null,
      error_rate_percent: null,
      throughput_rpm: null,
      availability_percent: null,
      performance_score: null,
    });
  });
});

describe('GET /api/monitoring/uptime', () => {
  it('counts up slots, finds the latest downtime and counts the incidents of 30 days', async () => {
    await seedHistory();
    for (const title of ['one', 'two', 'old'])
      expect((await api.send('POST', '/api/alerts/incidents', { title, severity: 'low' })).status).toBe(201);
    await sql`UPDATE incidents SET created_at = now() - interval '31 days' WHERE title = 'old'`.execute(sandbox.db);

    const uptime = await body<Record<string, unknown>>('/api/monitoring/uptime');
    const upSince = slot(3).getTime();
    expect(uptime).toMatchObject({
      uptime_percent_24h: 80,
      uptime_percent_7d: 80,
      uptime_percent_30d: 80,
      incidents_count: 2,
      last_downtime: slot(4).toISOString(),
    });
    const hours = uptime.current_uptime_hours as number;
    expect(hours).toBeGreaterThanOrEqual(Math.floor(((now() - upSince) / 3_600_000) * 1000) / 1000 - 0.001);
    expect(hours).toBeLessThanOrEqual((now() - upSince) / 3_600_000 + 0.001);
  });

  it('says down now when the last completed slot had no API sample', async () => {
    await sandbox.db
      .insertInto('monitoring_samples')
      .values([sample('api-a', 3, API_SLOT), sample('api-a', 2, API_SLOT)])
      .execute();
    expect(await body('/api/monitoring/uptime')).toMatchObject({
      current_uptime_hours: 0,
      uptime_percent_24h: 66.67,
      last_downtime: slot(1).toISOString(),
    });
  });

  it('has no figures before any history', async () => {
    expect(await body('/api/monitoring/uptime')).toEqual({
      current_uptime_hours: null,
      uptime_percent_24h: null,
      uptime_percent_7d: null,
      uptime_percent_30d: null,
      incidents_count: 0,
      last_downtime: null,
    });
  });
});

describe('GET /api/monitoring/metrics', () => {
  it('averages over every sample, sums traffic, and breaks it down per instance', async () => {
    await seedHistory();
    const metrics = await body<Record<string, unknown> & { instances: Array<Record<string, unknown>> }>(
      '/api/monitoring/metrics?timeframe=6h',
    );
    const samples = { api: 9, worker: 10, notifier: 3 };
    const all = samples.api + samples.worker + samples.notifier;
    const cpu = (8 * 10 + 95 + samples.worker * 20 + samples.notifier * 30) / all;
    const memory = (samples.api * 10 + samples.worker * 20 + samples.notifier * 5) / all;
    expect(metrics).toMatchObject({
      timeframe: '6h',
      cpu_usage_percent: Math.round(cpu * 100) / 100,
      memory_usage_percent: Math.round(memory * 100) / 100,
      disk_usage_percent: 60,
      network_io: { bytes_in: samples.api * 1_000, bytes_out: samples.api * 4_000 },
      active_connections: 3,
      requests_per_minute: 10,
    });
    const byId = Object.fromEntries(metrics.instances.map((i) => [String(i.instance_id), i]));
    expect(byId['api-a']).toMatchObject({
      samples: 9,
      live: true,
      requests: 90,
      errors_5xx: 9,
      requests_per_minute: 10,
      open_connections: 3,
      rss_bytes: 100,
      roles: ['api'],
    });
    expect(byId['worker-a']).toMatchObject({
      samples: 10,
      live: true,
      requests: null,
      requests_per_minute: null,
      network_io: null,
      cpu_usage_percent: 20,
    });
    expect(byId['notifier-a']).toMatchObject({ samples: 3, live: false, disk_usage_percent: 60, memory_usage_percent: 5 });
  });

  it('leaves out samples older than the timeframe', async () => {
    await sandbox.db
      .insertInto('monitoring_samples')
      .values([sample('api-a', 90, API_SLOT), sample('api-a', 30, { ...API_SLOT, requests: 4 })])
      .execute();
    expect(await body('/api/monitoring/metrics?timeframe=1h')).toMatchObject({
      requests_per_minute: 4,
      network_io: { bytes_in: 1_000 },
    });
    expect(await body('/api/monitoring/metrics?timeframe=6h')).toMatchObject({
      requests_per_minute: 7,
      network_io: { bytes_in: 2_000 },
    });
  });
});

describe('GET /api/monitoring/services', () => {
  it('measures PostgreSQL, Redis and the queue now, and judges each role from its samples', async () => {
    await seedHistory();
    await enqueueEvents(sandbox.redisPrefix, [ingestEvent({ message: 'waiting' }), ingestEvent({ message: 'waiting too' })], 1);
    const { rows } = await sql<{ max: number }>`SELECT current_setting('max_connections')::int AS max`.execute(sandbox.db);
    const answer = await body<{ services: Service[]; overall_health: string }>('/api/monitoring/services');
    const byName = Object.fromEntries(answer.services.map((s) => [s.name, s]));
    expect(Object.keys(byName)).toEqual([
      'Database',
      'Cache Service',
      'Ingest Queue',
      'API',
      'Ingest Worker',
      'Notifier',
      'Retention',
    ]);

    expect(byName.Database).toMatchObject({
      status: 'healthy',
      uptime_percent: Math.round((2100 / 22) * 100) / 100,
      details: { max_connections: rows[0]!.max },
    });
    expect(byName.Database!.details.connections).toBeGreaterThan(0);
    expect(byName.Database!.response_time_ms).toBeGreaterThan(0);
    expect(byName['Cache Service']).toMatchObject({ status: 'healthy', uptime_percent: 100 });
    expect(byName['Cache Service']!.details.used_memory_bytes).toBeGreaterThan(0);
    expect(byName['Cache Service']!.details.clients).toBeGreaterThan(0);
    expect(byName['Ingest Queue']).toMatchObject({
      status: 'healthy',
      uptime_percent: 100,
      details: { waiting: 2, active: 0, live_workers: 1 },
    });
    expect(byName['Ingest Queue']!.details.oldest_waiting_seconds).toBeGreaterThanOrEqual(0);

    expect(byName.API).toMatchObject({
      status: 'degraded',
      uptime_percent: 90,
      response_time_ms: 100,
      details: { live_instances: 1 },
    });
    expect(byName['Ingest Worker']).toMatchObject({ status: 'healthy', uptime_percent: 100, details: { live_instances: 1 } });
    expect(byName.Notifier).toMatchObject({ status: 'unhealthy', uptime_percent: 30, details: { live_instances: 0 } });
    expect(byName.Retention).toMatchObject({ status: 'unknown', uptime_percent: null, last_checked: null });
    expect(answer.overall_health).toBe('unhealthy');
  });

  it('calls the queue unhealthy when jobs wait and no worker is live, and ages it by its oldest job', async () => {
    await sandbox.db
      .insertInto('monitoring_samples')
      .values([sample('worker-a', 10)])
      .execute();
    const first = Date.now();
    await enqueueEvents(sandbox.redisPrefix, [ingestEvent({ message: 'nobody takes me' })]);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await enqueueEvents(sandbox.redisPrefix, [ingestEvent({ message: 'nor me' })]);
    const answer = await body<{ services: Service[] }>('/api/monitoring/services');
    const queue = answer.services.find((s) => s.name === 'Ingest Queue');
    expect(queue).toMatchObject({ status: 'unhealthy', details: { waiting: 2, live_workers: 0 } });
    // The age is the first job's, not the newest one's.
    expect(queue!.details.oldest_waiting_seconds).toBeGreaterThanOrEqual(1);
    expect(queue!.details.oldest_waiting_seconds).toBeLessThanOrEqual((Date.now() - first) / 1_000 + 0.01);
  });
});

describe('caching and validation', () => {
  it('caches each answer for its documented time, with X-Cache', async () => {
    const routes: Array<[string, string, string, number]> = [
      ['/api/monitoring/services', 'monitoring-services', '', 30],
      ['/api/monitoring/metrics?timeframe=24h', 'monitoring-metrics', 'timeframe=24h', 30],
      ['/api/monitoring/uptime', 'monitoring-uptime', '', 300],
      ['/api/analytics/performance?timeframe=7d', 'performance', 'timeframe=7d', 60],
    ];
    for (const [path, route, query, ttl] of routes) {
      expect((await api.get(path)).headers.get('x-cache')).toBe('MISS');
      expect((await api.get(path)).headers.get('x-cache')).toBe('HIT');
      const generation = (await sandbox.redis.get(cacheGenerationKey(sandbox.redisPrefix))) ?? '0';
      const left = await sandbox.redis.ttl(readCacheKey(sandbox.redisPrefix, generation, route, query));
      expect([path, left <= ttl && left > ttl - 5]).toEqual([path, true]);
    }
  });

  it('refuses a timeframe outside 1h, 6h, 24h, 7d, 30d, naming the problem', async () => {
    for (const path of ['/api/monitoring/metrics?timeframe=2h', '/api/analytics/performance?timeframe=week']) {
      const response = await api.get(path);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        errors: [{ field: 'timeframe', message: 'must be one of 1h, 6h, 24h, 7d, 30d' }],
      });
    }
    const twice = await api.get('/api/monitoring/metrics?timeframe=1h&timeframe=6h');
    expect(twice.status).toBe(400);
    expect(await twice.json()).toMatchObject({
      errors: [{ field: 'timeframe', message: 'must be given once, as a plain value' }],
    });
  });
});

describe('the OpenAPI document', () => {
  interface Document {
    components: object;
    paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: object }> }> } }>;
  }

  it('describes every answer, with history and without', async () => {
    const doc = await body<Document>('/api/openapi.json');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const conforms = async (path: string, status: number) => {
      const response = await api.get(path);
      expect([path, response.status]).toEqual([path, status]);
      const media = status === 200 ? 'application/json' : 'application/problem+json';
      const schema = doc.paths[path.split('?')[0]!]!.get.responses[String(status)]!.content[media]!.schema;
      const validate = ajv.compile({ ...schema, components: doc.components });
      const answer: unknown = await response.json();
      expect([path, validate(answer) ? 'conforms' : ajv.errorsText(validate.errors)]).toEqual([path, 'conforms']);
    };
    const paths = [
      '/api/monitoring/services',
      '/api/monitoring/metrics?timeframe=30d',
      '/api/monitoring/uptime',
      '/api/analytics/performance?timeframe=24h',
    ];
    for (const path of paths) await conforms(path, 200);
    await sandbox.redis.incr(cacheGenerationKey(sandbox.redisPrefix));
    await seedHistory();
    for (const path of paths) await conforms(path, 200);
    await conforms('/api/monitoring/metrics?timeframe=1y', 400);
  });
});
