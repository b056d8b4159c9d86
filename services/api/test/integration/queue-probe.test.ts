import { Queue } from 'bullmq';
import { ingestShardPrefix } from '@error-tracker/contracts/ingest-shards';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { ingestShardCountKey } from '@error-tracker/contracts/redis-keys';
import { QueueProbe } from '../../src/monitoring/queue-check';
import { useSandbox } from '../../../../test/support/sandbox';

const sandbox = useSandbox({ per: 'test' });

async function add(shard: number, name: string): Promise<void> {
  const queue = sandbox.stopAfter(
    new Queue(INGEST_QUEUE, { connection: sandbox.redis, prefix: ingestShardPrefix(sandbox.redisPrefix, shard) }),
  );
  await queue.add(name, {});
}

describe('the monitoring queue check', () => {
  it('counts and ages the jobs of every ingest shard recorded', async () => {
    await sandbox.redis.set(ingestShardCountKey(sandbox.redisPrefix), '3');
    await add(2, 'oldest');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await add(0, 'newer');
    await add(1, 'newer');

    const check = await new QueueProbe(sandbox.redis, sandbox.redisPrefix).check();

    expect(check).toMatchObject({ answered: true, waiting: 3, active: 0, failed: 0 });
    expect(check.oldestWaitingSeconds).toBeGreaterThanOrEqual(1);
  });

  it('reads shard 0 alone before any process recorded a count', async () => {
    await add(0, 'one');
    expect(await new QueueProbe(sandbox.redis, sandbox.redisPrefix).check()).toMatchObject({ answered: true, waiting: 1 });
  });
});
