import { readFileSync } from 'node:fs';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { createMigratedDatabase } from '../../test/support/databases';
import { INGEST_ROUTES, ingestRoutes } from '../../test/support/fuzz/ingest-inputs';
import { readRoute, readRoutesOf } from '../../test/support/fuzz/read-inputs';
import type { FuzzTarget } from '../../test/support/fuzz/request';
import { fuzzRoute, type RouteFigures } from '../../test/support/fuzz/run-fuzz';
import { apiPort } from '../../test/support/processes';
import { redisUrl } from '../../test/support/redis-prefix';
import { findTestServers } from '../../test/support/servers';
import { TEST_API_KEY } from '../../test/support/test-config';
import { benchEnv, runtimeNodeOptions, startBenchRole } from './support';

/**
 * `npm run fuzz`: the long run of the fuzzing whose CI subset is services/api/test/integration/
 * fuzz.test.ts. The API runs as a process under the image's V8 caps; every ingest route and every
 * read route takes FUZZ_RUNS inputs (default 10,000) from FUZZ_SEED (default 17). Prints answers by
 * status and the API's RSS before and after (FUZZ_ONLY=text runs the routes whose name holds it); exits 1 on any 5xx, hang or 4xx without a problem detail.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 17);
const ONLY = process.env.FUZZ_ONLY;
const PREFIX = '{etfuzz}';

const rssMb = (pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number => {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
};

async function json<T>(base: string, path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    ...init,
    headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json', ...init.headers },
  });
  return (await response.json()) as T;
}

function report(route: string, figures: RouteFigures, seconds: number, rss: number): void {
  const statuses = Object.entries(figures.byStatus)
    .map(([status, count]) => `${status === '0' ? 'no answer' : status}: ${count}`)
    .join(', ');
  console.log(`  ${route.padEnd(34)} ${figures.inputs} inputs in ${seconds.toFixed(1)} s, RSS after ${rss} MB  ${statuses}`);
  for (const found of figures.faults.slice(0, 3)) console.log(`    FAULT ${found.fault}\n      input ${found.input}`);
}

async function run(): Promise<number> {
  const servers = await findTestServers();
  process.env.DATABASE_URL = servers.databaseUrl;
  process.env.REDIS_URL = servers.redisUrl;
  const databaseUrl = await createMigratedDatabase('error_tracker_fuzz');
  const env = {
    ...benchEnv(databaseUrl, PREFIX),
    KEY_RATE_LIMIT_INGEST: '0',
    KEY_RATE_LIMIT_ANALYTICS: '0',
    KEY_RATE_LIMIT_DEFAULT: '0',
  };
  const api = startBenchRole('api', env);
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue(INGEST_QUEUE, { connection: redis, prefix: PREFIX });
  try {
    const base = `http://127.0.0.1:${await apiPort(api)}`;
    const target: FuzzTarget = {
      apiKey: TEST_API_KEY,
      project: await json(base, '/api/projects', { method: 'POST', body: '{"name":"fuzz"}' }),
    };
    const pid = api.child.pid;
    const before = rssMb(pid, 'VmRSS');
    console.log(`node ${process.version}; API under ${runtimeNodeOptions('api')}; ${RUNS} inputs per route, seed ${SEED}\n`);
    const options = { seed: SEED, runs: RUNS, concurrency: 4, timeoutMs: 10_000 };
    let faults = 0;
    const routes = [
      ...INGEST_ROUTES.map((name) => [name, ingestRoutes(target)[name]] as const),
      ...readRoutesOf(await json(base, '/api/openapi.json')).map(
        (route) => [`GET ${route.path}`, readRoute(route, target)] as const,
      ),
    ];
    for (const [name, requests] of routes.filter(([name]) => ONLY === undefined || name.includes(ONLY))) {
      const started = Date.now();
      const figures = await fuzzRoute(base, requests, options);
      report(name, figures, (Date.now() - started) / 1000, rssMb(pid, 'VmRSS'));
      faults += figures.faults.length;
      // No worker runs: what was queued goes, so Redis does not fill up over the run.
      await queue.obliterate({ force: true });
    }
    console.log(
      `\nAPI RSS: ${before} MB before, ${rssMb(pid, 'VmRSS')} MB after, peak ${rssMb(pid, 'VmHWM')} MB; faults: ${faults}`,
    );
    return faults === 0 ? 0 : 1;
  } finally {
    await queue.close();
    redis.disconnect();
    await api.stop();
    await servers.stop();
  }
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
