import pg from 'pg';
import { apiPort, startRole } from '../../test/support/processes';
import { TEST_API_KEY } from '../../test/support/test-config';
import { benchEnv } from './support';

export interface ListFigures {
  readonly groups: number;
  readonly queries: Array<{ name: string; p50Ms: number; maxMs: number }>;
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
  } finally {
    await client.end();
  }
}

/** GET /api/errors over a large table, every request a cache miss (distinct queries), timed at the client. */
export async function measureList(databaseUrl: string, prefix: string, groups: number): Promise<ListFigures> {
  await fill(databaseUrl, groups);
  const api = startRole('api', benchEnv(databaseUrl, prefix));
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
    const queries = [];
    for (const [name, query] of shapes) {
      const timings: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        const response = await fetch(`http://127.0.0.1:${port}/api/errors?${query(i)}`, {
          headers: { 'x-api-key': TEST_API_KEY },
        });
        await response.arrayBuffer();
        timings.push(performance.now() - started);
        if (!response.ok) throw new Error(`${name}: HTTP ${response.status}`);
        if (response.headers.get('x-cache') !== 'MISS') throw new Error(`${name} was served from the cache`);
      }
      timings.sort((a, b) => a - b);
      queries.push({ name, p50Ms: round(timings[4] ?? Number.NaN), maxMs: round(timings[9] ?? Number.NaN) });
    }
    return { groups, queries };
  } finally {
    await api.stop();
  }
}

/** Each matches a fifth of the groups (one exception type); all `TimeoutError` groups are ignored. */
const BROAD = ['ValueErr', 'typeerror', 'KEYERROR', 'runtime', 'timeout'];

const round = (n: number) => Math.round(n * 10) / 10;
