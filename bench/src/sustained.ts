import { sleep } from '@error-tracker/runtime/retry';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { apiPort, spawnNode, startRole } from '../../test/support/processes';
import { redisUrl } from '../../test/support/redis-prefix';
import { TEST_API_KEY } from '../../test/support/test-config';
import type { LoadResult, LoadSpec } from './load';
import { BENCH_DIST, benchEnv } from './support';

export interface SustainedFigures {
  readonly offeredPerSecond: number;
  readonly accepted: LoadResult;
  readonly committedPerSecond: number;
  readonly maxQueueDepth: number;
  readonly queueDepthAtEnd: number;
}

/**
 * The whole path at a constant arrival rate: load generator → API → queue → one worker → PostgreSQL.
 * Reports what was committed per second while the load ran and how deep the queue got: flat means
 * the pipeline keeps up with that rate.
 */
export async function measureSustained(
  databaseUrl: string,
  prefix: string,
  rate: number,
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
  const api = startRole('api', env);
  const worker = startRole('ingest-worker', env);
  const committed = async () =>
    Number((await client.query<{ n: string }>('SELECT coalesce(sum(count), 0) AS n FROM error_totals')).rows[0]?.n ?? 0);
  try {
    const port = await apiPort(api);
    await worker.waitForLine(/ingest worker started/);
    const spec: LoadSpec = {
      url: `http://127.0.0.1:${port}/api/errors`,
      seconds,
      connections: 64,
      rate,
      groups: 1_000,
      hot,
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
    };
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
    const endCount = await committed();
    const elapsed = (Date.now() - started) / 1000;
    const accepted = JSON.parse(await result) as LoadResult;
    await load.stop();
    return {
      offeredPerSecond: rate,
      accepted,
      committedPerSecond: Math.round((endCount - startCount) / elapsed),
      maxQueueDepth: maxDepth,
      queueDepthAtEnd: await queue.getWaitingCount(),
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
