import { sleep } from '@error-tracker/runtime/retry';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { metricsPort, scrapeTotal } from '../../test/support/metrics';
import { apiPort, spawnNode } from '../../test/support/processes';
import { redisUrl } from '../../test/support/redis-prefix';
import { TEST_API_KEY } from '../../test/support/test-config';
import type { LoadResult, LoadSpec } from './load';
import { backendCpuSeconds } from './ingest-throughput';
import { BENCH_DIST, benchEnv, cpuSeconds, peakRssMb, redisCpuSeconds, startBenchRole } from './support';

export interface SustainedFigures {
  /** Undefined: closed loop (as fast as the API answers). */
  readonly offeredPerSecond: number | undefined;
  readonly accepted: LoadResult;
  /** Events committed per second, from the start of the load until the last accepted one was. */
  readonly committedPerSecond: number;
  /** Seconds the worker needed after the load ended to commit what was accepted. */
  readonly drainSeconds: number;
  /**
   * Every event the API accepted (its own counter of what Redis acknowledged) counted once in the
   * groups' counts. The load generator's 202s can be fewer: it stops with requests in flight, which
   * the API may still accept.
   */
  readonly exact: boolean;
  /** Events the API accepted, by its counter, and 202s the load generator saw. */
  readonly acceptedEvents: { readonly api: number; readonly seen: number };
  /** Jobs waiting (bundles of events), sampled every 250 ms. */
  readonly maxQueueDepth: number;
  readonly queueDepthAtEnd: number;
  readonly peakRssMb: { readonly api: number; readonly worker: number };
  /**
   * CPU per committed event, in µs, from the load's start to the drain's end: the API and worker
   * processes, the worker's PostgreSQL backends (undefined when the server is not on this machine)
   * and the Redis server. Steadier than the rate on a host whose speed drifts.
   */
  readonly cpuUsPerEvent: ProcessCpu;
}

/** A figure per process of the path; PostgreSQL's is undefined when its server is not on this machine. */
interface ProcessCpu {
  readonly api: number;
  readonly worker: number;
  readonly postgres: number | undefined;
  readonly redis: number;
}

/**
 * The whole path on one box: load generator → API → queue → one worker → PostgreSQL, at a constant
 * arrival rate or (rate undefined) as fast as the API answers. Reports what was committed per
 * second until the last accepted event was, how deep the queue got, and whether every 202 was
 * counted exactly once.
 */
export async function measureSustained(
  databaseUrl: string,
  prefix: string,
  rate: number | undefined,
  seconds: number,
  hot: boolean,
): Promise<SustainedFigures> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('TRUNCATE errors, error_occurrences, error_counts, ingest_dedupe, outbox CASCADE');
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue(INGEST_QUEUE, { connection: redis, prefix });
  await queue.obliterate({ force: true });
  const env = benchEnv(databaseUrl, prefix);
  const api = startBenchRole('api', env);
  const worker = startBenchRole('ingest-worker', env);
  const committed = async () =>
    Number((await client.query<{ n: string }>('SELECT coalesce(sum(count), 0) AS n FROM error_totals')).rows[0]?.n ?? 0);
  try {
    const port = await apiPort(api);
    const apiMetricsPort = await metricsPort(api);
    await worker.waitForLine(/ingest worker started/);
    const spec: LoadSpec = {
      url: `http://127.0.0.1:${port}/api/errors`,
      seconds,
      connections: 64,
      ...(rate === undefined ? {} : { rate }),
      groups: 1_000,
      hot,
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
    };
    const readCpu = async (): Promise<ProcessCpu> => ({
      api: cpuSeconds(api.child.pid ?? 0),
      worker: cpuSeconds(worker.child.pid ?? 0),
      postgres: await backendCpuSeconds(client),
      redis: await redisCpuSeconds(redis),
    });
    const cpuBefore = await readCpu();
    const load = spawnNode(join(BENCH_DIST, 'load.js'), [JSON.stringify(spec)]);
    const startCount = await committed();
    const started = Date.now();
    let maxDepth = 0;
    let done = false;
    const result = load.waitForLine(/^\{"requests"/, (seconds + 60) * 1000).finally(() => {
      done = true;
    });
    while (!done) {
      const depth = await queue.getWaitingCount();
      maxDepth = Math.max(maxDepth, depth);
      await sleep(250);
    }
    const loadEnded = Date.now();
    const queueDepthAtEnd = await queue.getWaitingCount();
    const accepted = JSON.parse(await result) as LoadResult;
    await load.stop();
    const seen = accepted.requests - accepted.non2xx;
    // Counts polled from the end of the load, so the drain is timed from them and not from when the
    // API's counter is read: that waits half a second for answers still on their way out.
    const polls: { at: number; count: number }[] = [];
    const poll = async () => {
      polls.push({ at: Date.now(), count: await committed() });
      await sleep(100);
    };
    while (Date.now() - loadEnded < 500) await poll();
    const acceptedByApi = await scrapeTotal(apiMetricsPort, 'error_tracker_events_accepted_total');
    const expected = startCount + acceptedByApi;
    while ((polls.at(-1)?.count ?? 0) < expected && Date.now() - loadEnded < 120_000) await poll();
    const endCount = polls.at(-1)?.count ?? startCount;
    const drainedAt = polls.find((p) => p.count >= expected)?.at ?? Date.now();
    const cpuAfter = await readCpu();
    const perEvent = (seconds: number) => Math.round((1e6 * seconds) / Math.max(1, endCount - startCount));
    const postgresCpu =
      cpuAfter.postgres === undefined || cpuBefore.postgres === undefined ? undefined : cpuAfter.postgres - cpuBefore.postgres;
    return {
      offeredPerSecond: rate,
      accepted,
      committedPerSecond: Math.round((endCount - startCount) / ((drainedAt - started) / 1000)),
      drainSeconds: Math.round((drainedAt - loadEnded) / 100) / 10,
      exact: endCount === expected && acceptedByApi >= seen,
      acceptedEvents: { api: acceptedByApi, seen },
      maxQueueDepth: maxDepth,
      queueDepthAtEnd,
      peakRssMb: { api: peakRssMb(api.child.pid), worker: peakRssMb(worker.child.pid) },
      cpuUsPerEvent: {
        api: perEvent(cpuAfter.api - cpuBefore.api),
        worker: perEvent(cpuAfter.worker - cpuBefore.worker),
        postgres: postgresCpu === undefined ? undefined : perEvent(postgresCpu),
        redis: perEvent(cpuAfter.redis - cpuBefore.redis),
      },
    };
  } finally {
    await api.stop();
    await worker.stop();
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
    await client.end();
  }
}
