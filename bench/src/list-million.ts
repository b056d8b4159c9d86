import { Redis } from 'ioredis';
import pg from 'pg';
import { bumpCacheGeneration } from '@error-tracker/contracts/redis-keys';
import { createDb } from '@error-tracker/runtime/postgres';
import { partitionedSince } from '../../test/support/partitioned-since';
import { apiPort } from '../../test/support/processes';
import { redisUrl } from '../../test/support/redis-prefix';
import { TEST_API_KEY } from '../../test/support/test-config';
import { benchEnv, startBenchRole } from './support';

export interface ListFigures {
  readonly groups: number;
  readonly queries: Array<{ name: string; p50Ms: number; maxMs: number }>;
  /** The database's size over the groups it holds (each with its search row, 2 counters, 2 occurrences), in bytes. */
  readonly bytesPerGroup: number;
}

/** Fills the errors table with `groups` rows straight in SQL (fast), then VACUUM ANALYZE. */
async function fill(databaseUrl: string, groups: number): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('TRUNCATE errors CASCADE');
    for (let from = 1; from <= groups; from += 250_000) {
      await client.query(
        `INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, count,
                             first_seen, last_seen, status)
         SELECT md5(i::text), 'project-' || (i % 50), (ARRAY['production','staging'])[1 + i % 2],
                (ARRAY['TypeError','ValueError','KeyError','RuntimeError','TimeoutError'])[1 + i % 5],
                'failure ' || i || ' in ' || md5((i * 31)::text), (ARRAY['error','warning','fatal'])[1 + i % 3],
                (ARRAY['backend','browser'])[1 + i % 2], 1 + (i % 97),
                now() - make_interval(mins => i % 100000), now() - make_interval(secs => i),
                (ARRAY['open','open','open','resolved','ignored'])[1 + i % 5]
         FROM generate_series($1::int, $2::int) AS i`,
        [from, Math.min(groups, from + 249_999)],
      );
    }
    await client.query(
      `INSERT INTO error_search (error_id, document, project, environment, level, source, status)
       SELECT id, lower(exception_type || ' ' || message), project, environment, level, source, status FROM errors`,
    );
    await client.query('VACUUM ANALYZE error_search');
    // Steady state: autovacuum keeps the visibility map set, which index-only counts rely on.
    await client.query('VACUUM ANALYZE errors');
    await fillPartitioned(client, databaseUrl, groups);
  } finally {
    await client.end();
  }
}

const DAY_MS = 86_400_000;

/**
 * What the sparklines and a group's page read, laid out as after a year of partitioned storage (a
 * partition per month of counters, per week of occurrences): per group two hourly counters (one in
 * the last 24 hours, one in the year before) and two occurrences of the last 90 days.
 */
async function fillPartitioned(client: pg.Client, databaseUrl: string, groups: number): Promise<void> {
  const db = createDb(databaseUrl, { maxConnections: 1 });
  try {
    await partitionedSince(db, 'error_counts', new Date(Date.now() - 400 * DAY_MS));
    await partitionedSince(db, 'error_occurrences', new Date(Date.now() - 90 * DAY_MS));
  } finally {
    await db.destroy();
  }
  for (let from = 1; from <= groups; from += 250_000) {
    const range = [from, Math.min(groups, from + 249_999)];
    await client.query(
      `INSERT INTO error_counts (error_id, hour, level, count)
       SELECT id, date_trunc('hour', now()) - make_interval(hours => h), level, 1 + id % 5
       FROM errors, LATERAL (VALUES ((id % 24)::int), (24 + (id * 7919 % (390 * 24))::int)) AS t(h)
       WHERE id BETWEEN $1 AND $2`,
      range,
    );
    await client.query(
      `INSERT INTO error_occurrences (error_id, event_id, timestamp, received_at, environment, message, level, extra)
       SELECT id, gen_random_uuid(), at, at, environment, message, level, '{"request_id": "bench"}'
       FROM errors, LATERAL (VALUES (now() - make_interval(mins => (id * 37 % (89 * 1440))::int)),
                                    (now() - make_interval(mins => (id * 53 % (89 * 1440))::int))) AS t(at)
       WHERE id BETWEEN $1 AND $2`,
      range,
    );
  }
  await client.query('VACUUM ANALYZE error_counts');
  await client.query('VACUUM ANALYZE error_occurrences');
}

async function databaseBytesPerGroup(databaseUrl: string, groups: number): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
    return Math.round(Number(rows[0]?.bytes) / groups);
  } finally {
    await client.end();
  }
}

/** GET /api/errors over a large table, every request a cache miss (distinct queries), timed at the client. */
export async function measureList(databaseUrl: string, prefix: string, groups: number): Promise<ListFigures> {
  await fill(databaseUrl, groups);
  // The rows were written in SQL, behind the API's back: start a new cache generation, as a change would.
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  await bumpCacheGeneration(redis, prefix).finally(() => redis.disconnect());
  const bytesPerGroup = await databaseBytesPerGroup(databaseUrl, groups);
  const api = startBenchRole('api', benchEnv(databaseUrl, prefix));
  try {
    const port = await apiPort(api);
    const shapes: Array<[string, (i: number) => string]> = [
      ['default (newest first)', (i) => `offset=${i * 50}`],
      ['project filter', (i) => `project=project-${i}`],
      ['status=resolved, sort=count', (i) => `status=resolved&sort=count&offset=${i * 50}`],
      [
        'search, few matches',
        (i) => `search=${['a3f9', 'failure 12', 'c0ffee', 'f00d', 'b17e', 'dead', '9a9a', 'in 00', '7777', 'beef'][i]}`,
      ],
      ['search, ~20% of groups match', (i) => `search=${BROAD[i % 5]}&offset=${(i % 3) * 50}`],
      ['search + project filter', (i) => `search=${BROAD[i % 5]}&project=project-${i}`],
      ['search + status + sort=count', (i) => `search=${BROAD[i % 5]}&status=${['open', 'resolved'][i % 2]}&sort=count`],
      ['level + environment + source', (i) => `level=fatal&environment=staging&source=browser&offset=${i * 50}`],
    ];
    // A group's page: its trace and newest five occurrences (across the weeks' partitions), its week by hour.
    shapes.push(['group detail', (i) => `/${1 + ((i * 99_991) % groups)}`]);
    shapes.push(['group hourly (168 h)', (i) => `/${1 + ((i * 77_773) % groups)}/hourly`]);
    const queries = [];
    for (const [name, query] of shapes) {
      const timings: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        const path = query(i);
        const response = await fetch(`http://127.0.0.1:${port}/api/errors${path.startsWith('/') ? path : `?${path}`}`, {
          headers: { 'x-api-key': TEST_API_KEY },
        });
        await response.arrayBuffer();
        timings.push(performance.now() - started);
        if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
        if (response.headers.get('x-cache') === 'HIT') throw new Error(`${name} was served from the cache`);
      }
      timings.sort((a, b) => a - b);
      queries.push({ name, p50Ms: round(timings[4] ?? Number.NaN), maxMs: round(timings[9] ?? Number.NaN) });
    }
    return { groups, queries, bytesPerGroup };
  } finally {
    await api.stop();
  }
}

/** Each matches a fifth of the groups (one exception type); all `TimeoutError` groups are ignored. */
const BROAD = ['ValueErr', 'typeerror', 'KEYERROR', 'runtime', 'timeout'];

const round = (n: number) => Math.round(n * 10) / 10;
