import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { apiPort, spawnNode, startRole } from '../../test/support/processes';
import { redisUrl } from '../../test/support/redis-prefix';
import { TEST_API_KEY } from '../../test/support/test-config';
import type { LoadResult, LoadSpec } from './load';
import { BENCH_DIST, benchEnv, peakRssMb } from './support';

/** One run of the load generator (load.js) as its own process: 1,000 fingerprints, the test key. */
export async function runLoad(spec: Omit<LoadSpec, 'groups' | 'headers'>): Promise<LoadResult> {
  const full: LoadSpec = {
    ...spec,
    groups: 1_000,
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
  };
  const load = spawnNode(join(BENCH_DIST, 'load.js'), [JSON.stringify(full)]);
  const line = await load.waitForLine(/^\{"requests"/, (spec.seconds + 30) * 1000);
  await load.stop();
  return JSON.parse(line) as LoadResult;
}

export interface ApiFigures {
  readonly reference: LoadResult;
  readonly accepted: LoadResult;
  readonly fixedRate: LoadResult;
  readonly redisBytesPerQueuedEvent: number;
  readonly apiPeakRssMb: number;
}

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

/** The API with no worker running: what it accepts, how fast it answers, what a queued event costs Redis. */
export async function measureApi(databaseUrl: string, prefix: string, seconds: number): Promise<ApiFigures> {
  const reference = spawnNode(join(BENCH_DIST, 'reference-http-server.js'), []);
  const referencePort = (JSON.parse(await reference.waitForLine(/"port"/)) as { port: number }).port;
  const referenceResult = await runLoad({ url: `http://127.0.0.1:${referencePort}/api/errors`, seconds, connections: 64 });
  await reference.stop();

  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue(INGEST_QUEUE, { connection: redis, prefix });
  await queue.obliterate({ force: true });
  const api = startRole('api', benchEnv(databaseUrl, prefix));
  try {
    const url = `http://127.0.0.1:${await apiPort(api)}/api/errors`;
    const before = await usedMemory(redis);
    const accepted = await runLoad({ url, seconds, connections: 64 });
    const waiting = await queue.getWaitingCount();
    const after = await usedMemory(redis);
    const fixedRate = await runLoad({ url, seconds, connections: 32, rate: 1_000 });
    return {
      reference: referenceResult,
      accepted,
      fixedRate,
      redisBytesPerQueuedEvent: Math.round((after - before) / Math.max(1, waiting)),
      apiPeakRssMb: peakRssMb(api.child.pid),
    };
  } finally {
    await api.stop();
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
  }
}
