import { sleep } from '@error-tracker/runtime/retry';
import { closeRedis, createRedis } from '@error-tracker/runtime/redis';
import { Queue } from 'bullmq';
import pg from 'pg';
import { ingestShardPrefixes } from '@error-tracker/contracts/ingest-shards';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { apiPort } from '../../test/support/processes';
import { type RedisClusterServers, startRedisCluster } from '../../test/support/redis-cluster';
import { runLoad } from './api-throughput';
import { committed, reset } from './ingest-throughput';
import type { LoadResult } from './load';
import { capCpu } from './cpu-cap';
import { benchEnv, cpuSeconds, startBenchRole } from './support';

export interface ShardRun {
  readonly shards: number;
  /** Closed-loop POST /api/errors against one API process, workers stopped. */
  readonly accepted: LoadResult;
  /**
   * CPU the busiest master spent per 1,000 accepted events, in ms: what limits ingest once the API
   * runs on cores of its own, one Redis core per master.
   */
  readonly busiestMasterMsPerThousand: number;
  /** What that left queued, drained by one ingest worker: events per second once it is up, and the busiest master's CPU. */
  readonly drained: { readonly events: number; readonly perSecond: number; readonly busiestMasterMsPerThousand: number };
}

const MASTERS = 3;

/** The busiest master's CPU per 1,000 events, in ms (one decimal). */
const busiestMs = (cpuSecondsPerMaster: readonly number[], events: number): number =>
  Math.round((1e7 * Math.max(...cpuSecondsPerMaster)) / Math.max(1, events)) / 10;

async function pendingJobs(queues: readonly Queue[]): Promise<number> {
  const counts = await Promise.all(queues.map((queue) => queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized')));
  return counts.flatMap((c) => Object.values(c)).reduce((sum, n) => sum + n, 0);
}

async function measureOne(
  cluster: RedisClusterServers,
  databaseUrl: string,
  shards: number,
  seconds: number,
  round: number,
): Promise<ShardRun> {
  await reset(databaseUrl);
  const prefix = await cluster.spreadPrefix(`etbench-r${round}-s${shards}`, shards);
  const env = { ...benchEnv(databaseUrl, prefix), REDIS_URL: cluster.url, INGEST_SHARDS: String(shards) };
  const redis = createRedis(cluster.url, 'worker', 'bench-cluster');
  const queues = ingestShardPrefixes(prefix, shards).map(
    (shardPrefix) => new Queue(INGEST_QUEUE, { connection: redis, prefix: shardPrefix }),
  );
  try {
    const api = startBenchRole('api', env);
    let accepted: LoadResult;
    let masterCpu: number[];
    try {
      const url = `http://127.0.0.1:${await apiPort(api)}/api/errors`;
      const before = cluster.pids.map(cpuSeconds);
      accepted = await runLoad({ url, seconds, connections: 64 });
      masterCpu = cluster.pids.map((pid, i) => cpuSeconds(pid) - (before[i] ?? 0));
    } finally {
      await api.stop();
    }
    const busiestMasterMsPerThousand = busiestMs(masterCpu, accepted.requests - accepted.non2xx);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const worker = startBenchRole('ingest-worker', env);
    try {
      // Timed from the worker's start line (its shards' workers all ready), counting what it commits from then on.
      await worker.waitForLine(/ingest worker started/);
      const started = Date.now();
      const cpuBefore = cluster.pids.map(cpuSeconds);
      const before = await committed(client);
      while ((await pendingJobs(queues)) > 0) {
        if (Date.now() - started > 600_000) throw new Error('drain did not finish in 10 minutes');
        await sleep(50);
      }
      const drainSeconds = (Date.now() - started) / 1000;
      const cpu = cluster.pids.map((pid, i) => cpuSeconds(pid) - (cpuBefore[i] ?? 0));
      const events = await committed(client);
      const drained = {
        events,
        perSecond: Math.round((events - before) / drainSeconds),
        busiestMasterMsPerThousand: busiestMs(cpu, events - before),
      };
      return { shards, accepted, busiestMasterMsPerThousand, drained };
    } finally {
      await worker.stop();
      await client.end();
    }
  } finally {
    await Promise.all(queues.map((queue) => queue.obliterate({ force: true }).finally(() => queue.close())));
    await closeRedis(redis);
  }
}

/**
 * Ingest on a 3-master Redis Cluster of this machine's own (redis-server processes on loopback)
 * with one shard, then with `shards` spread over the masters, `rounds` times in turn: the API's
 * accepted rate with the workers stopped, then one worker draining what it queued. With
 * `masterCores`, each master is held to that much CPU (a cgroup each), so that a master, not the
 * API or PostgreSQL sharing this machine's cores, is what limits ingest.
 */
export async function measureClusterShards(
  databaseUrl: string,
  shards: number,
  seconds: number,
  rounds: number,
  masterCores?: number,
): Promise<ShardRun[]> {
  const cluster = await startRedisCluster(MASTERS);
  const uncap = masterCores === undefined ? [] : cluster.pids.map((pid) => capCpu(pid, masterCores));
  try {
    const runs: ShardRun[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const count of [1, shards]) runs.push(await measureOne(cluster, databaseUrl, count, seconds, round));
    }
    return runs;
  } finally {
    for (const undo of uncap) undo();
    await cluster.stop();
  }
}
