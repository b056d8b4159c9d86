import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { apiPort, spawnNode } from '../../test/support/processes';
import { redisUrl } from '../../test/support/redis-prefix';
import { TEST_API_KEY } from '../../test/support/test-config';
import type { LoadResult, LoadSpec } from './load';
import { BENCH_DIST, benchEnv, cpuSeconds, peakRssMb, redisCpuSeconds, startBenchRole } from './support';

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

/** One closed-loop run of the API at its maximum, between two runs of the reference. */
export interface ApiRound {
  readonly reference: BracketingReference;
  readonly accepted: LoadResult;
  /** The API's rate as a share of the bracketing reference's mean. */
  readonly ratio: number;
}

export interface ApiFigures {
  /** Reference and API alternately (r a r a r a r): each API run compared with the runs either side of it. */
  readonly rounds: readonly ApiRound[];
  /** The round whose ratio is the median: the figures printed. */
  readonly reference: BracketingReference;
  readonly accepted: LoadResult;
  /** The same with the per-key ingest limit charged on every request (set too high to refuse any), as it is by default. */
  readonly acceptedWithKeyLimit: LoadResult;
  /** At a constant 1,000 req/s. */
  readonly fixedRate: LoadResult;
  /** At a constant half of `accepted`'s rate. */
  readonly halfMax: LoadResult;
  /** The reference server at the same two rates: the floor this host and load generator set for latency. */
  readonly referenceFixedRate: LoadResult;
  readonly referenceHalfMax: LoadResult;
  readonly redisBytesPerQueuedEvent: number;
  /** Events the API bundled into one job, on average, at its maximum rate. */
  readonly eventsPerJob: number;
  readonly apiPeakRssMb: number;
  /** CPU per accepted event over every round, in µs: the API process and the Redis server. */
  readonly cpuUsPerEvent: { readonly api: number; readonly redis: number };
  /** The reference server's CPU per request over every run, in µs. */
  readonly referenceCpuUsPerRequest: number;
}

/** Rounds of the API's maximum, each between two runs of the reference. */
const API_ROUNDS = 3;

/** Load before the first round, not counted: the API's code compiled, its connections open. */
const API_WARM_UP_SECONDS = 2;

/**
 * What the queue's keys take in Redis (MEMORY USAGE of each, every element counted). INFO's
 * used_memory also moves with client buffers and the allocator's timing, so it is not used.
 */
async function queueMemory(redis: Redis, prefix: string): Promise<number> {
  let total = 0;
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:${INGEST_QUEUE}:*`, 'COUNT', 1_000);
    cursor = next;
    const pipeline = redis.pipeline();
    for (const key of keys) pipeline.call('MEMORY', 'USAGE', key, 'SAMPLES', '0');
    for (const [, bytes] of (await pipeline.exec()) ?? []) total += Number(bytes ?? 0);
  } while (cursor !== '0');
  return total;
}

export interface ReferenceFigures extends LoadResult {
  /** CPU the reference server's process used per request, in µs: the floor of any Node server on this machine. */
  readonly cpuUsPerRequest: number;
}

/** A reference measured before and after what it is compared with, for hosts whose speed drifts. */
export interface BracketingReference {
  readonly before: ReferenceFigures;
  readonly after: ReferenceFigures;
  /** The mean of the two runs' rate: what ratios are taken of. */
  readonly perSecond: number;
  readonly cpuUsPerRequest: number;
}

export function bracketing(before: ReferenceFigures, after: ReferenceFigures): BracketingReference {
  return {
    before,
    after,
    perSecond: Math.round((before.perSecond + after.perSecond) / 2),
    cpuUsPerRequest: Math.round((before.cpuUsPerRequest + after.cpuUsPerRequest) / 2),
  };
}

/** Runs `use` against a fresh bare node:http server that parses the same JSON and answers 202: the API's ceiling. */
async function withReferenceServer<T>(use: (url: string, pid: number) => Promise<T>): Promise<T> {
  const reference = spawnNode(join(BENCH_DIST, 'reference-http-server.js'), []);
  try {
    const port = (JSON.parse(await reference.waitForLine(/"port"/)) as { port: number }).port;
    return await use(`http://127.0.0.1:${port}/api/errors`, reference.child.pid ?? 0);
  } finally {
    await reference.stop();
  }
}

/** The ceiling under the same closed-loop load as the API's maximum. */
export function measureReference(seconds: number): Promise<ReferenceFigures> {
  return withReferenceServer(async (url, pid) => {
    const cpuBefore = cpuSeconds(pid);
    const result = await runLoad({ url, seconds, connections: 64 });
    const cpu = cpuSeconds(pid) - cpuBefore;
    return { ...result, cpuUsPerRequest: Math.round((1e6 * cpu) / Math.max(1, result.requests)) };
  });
}

/** The reference server's latency under open-loop load at `rate`. */
function measureReferenceAt(rate: number, seconds: number): Promise<LoadResult> {
  return withReferenceServer((url) => runLoad({ url, seconds, connections: 32, rate }));
}

/** What the API accepts when every request is charged to the per-key ingest budget in Redis (none refused). */
async function measureWithKeyLimit(databaseUrl: string, prefix: string, seconds: number): Promise<LoadResult> {
  const api = startBenchRole('api', { ...benchEnv(databaseUrl, prefix), KEY_RATE_LIMIT_INGEST: '10000000' });
  try {
    return await runLoad({ url: `http://127.0.0.1:${await apiPort(api)}/api/errors`, seconds, connections: 64 });
  } finally {
    await api.stop();
  }
}

/**
 * The API with no worker running: what it accepts, how fast it answers, what a queued event costs
 * Redis. Its maximum is measured in rounds alternating with the reference (each run half of
 * `seconds`), so that a host whose speed drifts moves both sides of each ratio alike; the median
 * round is the one reported.
 */
export async function measureApi(databaseUrl: string, prefix: string, seconds: number): Promise<ApiFigures> {
  const runSeconds = Math.max(3, Math.round(seconds / 2));
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue(INGEST_QUEUE, { connection: redis, prefix });
  await queue.obliterate({ force: true });
  const api = startBenchRole('api', benchEnv(databaseUrl, prefix));
  try {
    const url = `http://127.0.0.1:${await apiPort(api)}/api/errors`;
    const warmUp = await runLoad({ url, seconds: API_WARM_UP_SECONDS, connections: 64 });
    const references = [await measureReference(runSeconds)];
    const runs: LoadResult[] = [];
    let apiCpu = 0;
    let redisCpu = 0;
    for (let round = 0; round < API_ROUNDS; round++) {
      const apiCpuBefore = cpuSeconds(api.child.pid ?? 0);
      const redisCpuBefore = await redisCpuSeconds(redis);
      runs.push(await runLoad({ url, seconds: runSeconds, connections: 64 }));
      apiCpu += cpuSeconds(api.child.pid ?? 0) - apiCpuBefore;
      redisCpu += (await redisCpuSeconds(redis)) - redisCpuBefore;
      references.push(await measureReference(runSeconds));
    }
    const rounds = runs.map((accepted, index) => {
      const reference = bracketing(references[index] as ReferenceFigures, references[index + 1] as ReferenceFigures);
      return { reference, accepted, ratio: accepted.perSecond / reference.perSecond };
    });
    const middle = [...rounds].sort((a, b) => a.ratio - b.ratio)[Math.floor(rounds.length / 2)] as ApiRound;
    // Every 202 left an event in the queue (no worker runs), whether alone or in a bundle.
    const queuedIn = (result: LoadResult) => result.requests - result.non2xx;
    const queuedInRounds = runs.reduce((sum, result) => sum + queuedIn(result), 0);
    const queued = queuedInRounds + queuedIn(warmUp);
    const perEvent = (cpu: number) => Math.round((1e6 * cpu) / Math.max(1, queuedInRounds));
    const jobs = await queue.getWaitingCount();
    const bytes = await queueMemory(redis, prefix);
    const fixedRate = await runLoad({ url, seconds, connections: 32, rate: 1_000 });
    const halfRate = Math.max(1, Math.round(middle.accepted.perSecond / 2));
    const halfMax = await runLoad({ url, seconds, connections: 32, rate: halfRate });
    return {
      rounds,
      reference: middle.reference,
      accepted: middle.accepted,
      acceptedWithKeyLimit: await measureWithKeyLimit(databaseUrl, prefix, seconds),
      fixedRate,
      halfMax,
      referenceFixedRate: await measureReferenceAt(1_000, seconds),
      referenceHalfMax: await measureReferenceAt(halfRate, seconds),
      redisBytesPerQueuedEvent: Math.round(bytes / Math.max(1, queued)),
      eventsPerJob: Math.round((10 * queued) / Math.max(1, jobs)) / 10,
      apiPeakRssMb: peakRssMb(api.child.pid),
      cpuUsPerEvent: { api: perEvent(apiCpu), redis: perEvent(redisCpu) },
      referenceCpuUsPerRequest: Math.round(
        references.reduce((sum, reference) => sum + reference.cpuUsPerRequest, 0) / references.length,
      ),
    };
  } finally {
    await api.stop();
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
  }
}
