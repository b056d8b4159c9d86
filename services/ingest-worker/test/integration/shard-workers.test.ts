import { Queue, Worker } from 'bullmq';
import { ingestShardPrefix } from '@error-tracker/contracts/ingest-shards';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { ingestShardCountKey } from '@error-tracker/contracts/redis-keys';
import { createLogger } from '@error-tracker/runtime/logger';
import { ShardWorkers } from '../../src/batching/shard-workers';
import { useSandbox } from '../../../../test/support/sandbox';
import { waitFor } from '../../../../test/support/wait-for';

const sandbox = useSandbox({ per: 'test' });

async function fill(shard: number, jobs: number): Promise<void> {
  const queue = sandbox.stopAfter(
    new Queue(INGEST_QUEUE, { connection: sandbox.redis, prefix: ingestShardPrefix(sandbox.redisPrefix, shard) }),
  );
  await queue.addBulk(Array.from({ length: jobs }, (_, i) => ({ name: 'event', data: { shard, i } })));
}

/** ShardWorkers whose workers record which shard each job came from. */
function shardWorkers(shards: number, done: number[]): ShardWorkers<Worker> {
  const workers = new ShardWorkers<Worker>({
    prefix: sandbox.redisPrefix,
    shards,
    concurrency: 10,
    connection: sandbox.redis,
    logger: createLogger('silent', 'test'),
    drainCheckMs: 100,
    create: (prefix, concurrency) =>
      new Worker(
        INGEST_QUEUE,
        (job) => {
          done.push((job.data as { shard: number }).shard);
          return Promise.resolve();
        },
        { connection: sandbox.redis, prefix, concurrency },
      ),
  });
  sandbox.stopAfter(workers);
  return workers;
}

describe('ShardWorkers', () => {
  it('consumes every shard up to INGEST_SHARDS', async () => {
    await Promise.all([fill(0, 20), fill(1, 20), fill(2, 20)]);
    const done: number[] = [];
    const workers = shardWorkers(3, done);
    await workers.start();

    expect(workers.consumed).toEqual([0, 1, 2]);
    await waitFor('60 jobs done', () => Promise.resolve(done.length === 60 ? true : undefined));
    expect(new Set(done)).toEqual(new Set([0, 1, 2]));
    expect(await workers.counts('completed')).toEqual({ completed: 60 });
  });

  it('drains the shards above a lowered INGEST_SHARDS while they hold jobs, then lets them go', async () => {
    // An earlier run (or an API not yet restarted) used 4 shards and left jobs in shard 3.
    await sandbox.redis.set(ingestShardCountKey(sandbox.redisPrefix), '4');
    await Promise.all([fill(0, 10), fill(3, 30)]);
    const done: number[] = [];
    const workers = shardWorkers(2, done);
    await workers.start();

    await waitFor('40 jobs done', () => Promise.resolve(done.length === 40 ? true : undefined));
    expect(done.filter((shard) => shard === 3)).toHaveLength(30);
    await waitFor('the drained shard let go', () =>
      Promise.resolve(workers.consumed.length === 2 ? workers.consumed : undefined),
    );
    expect(workers.consumed).toEqual([0, 1]);
    // Never lowered: the record still says 4, so jobs that arrive there later are drained too.
    expect(await sandbox.redis.get(ingestShardCountKey(sandbox.redisPrefix))).toBe('4');
    await fill(2, 5);
    await waitFor('the late jobs done', () => Promise.resolve(done.length === 45 ? true : undefined));
  });

  it('records a raised count, so workers still running with fewer shards drain the new ones', async () => {
    const done: number[] = [];
    const older = shardWorkers(1, done);
    await older.start();
    const newer = shardWorkers(3, []);
    await newer.start();
    await newer.close();
    await fill(2, 5);

    await waitFor('the older workers to drain shard 2', () => Promise.resolve(done.length === 5 ? true : undefined));
    expect(done).toEqual([2, 2, 2, 2, 2]);
  });
});
