import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { ingestShardPrefixes } from '@error-tracker/contracts/ingest-shards';
import type { IngestEvent, IngestJobData } from '@error-tracker/contracts/ingest-job';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { ingestShardCountKey } from '@error-tracker/contracts/redis-keys';
import { createRedis, waitForRedis } from '@error-tracker/runtime/redis';
import { EventQueue } from '../../src/ingest/event-queue';
import { shardOf } from '../../src/ingest/queue-shards';
import { EventSpool } from '../../src/spool/event-spool';
import { waitingEvents } from '../../../../test/support/enqueue';
import { ingestEvent } from '../../../../test/support/events';
import { redisUrl } from '../../../../test/support/redis-prefix';
import { useSandbox } from '../../../../test/support/sandbox';
import { waitFor } from '../../../../test/support/wait-for';

const sandbox = useSandbox({ per: 'test' });
const SHARDS = 3;

/** The events each shard holds now, bundles unpacked. */
async function eventsPerShard(prefix: string): Promise<IngestEvent[][]> {
  return Promise.all(
    ingestShardPrefixes(prefix, SHARDS).map(async (shardPrefix) => {
      const queue = sandbox.stopAfter(new Queue<IngestJobData>(INGEST_QUEUE, { connection: sandbox.redis, prefix: shardPrefix }));
      return waitingEvents(queue);
    }),
  );
}

async function eventQueue(spool?: EventSpool): Promise<EventQueue> {
  const producer = createRedis(redisUrl(), 'producer', 'test-shards');
  await waitForRedis(producer);
  const blocking: Redis[] = [];
  const queue = new EventQueue(
    producer,
    sandbox.redisPrefix,
    () => {
      const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
      blocking.push(connection);
      return connection;
    },
    spool,
    SHARDS,
  );
  sandbox.stopAfter({
    stop: async () => {
      await queue.close();
      producer.disconnect();
      for (const connection of blocking) connection.disconnect();
    },
  });
  return queue;
}

describe('the ingest queue split into INGEST_SHARDS queues', () => {
  it('spreads the jobs of many requests over every shard, each event in exactly one', async () => {
    const queue = await eventQueue();
    const events = Array.from({ length: 600 }, () => ingestEvent());
    // One request per event, one event-loop turn apart: each bundle holds a few, so there are many bundles.
    for (let i = 0; i < events.length; i += 10) {
      await Promise.all(events.slice(i, i + 10).map((event) => queue.add({ event, chars: JSON.stringify(event).length })));
    }

    const perShard = await eventsPerShard(sandbox.redisPrefix);
    const ids = perShard.flat().map((event) => event.event_id);
    expect(ids.sort()).toEqual(events.map((event) => event.event_id).sort());
    for (const shard of perShard) expect(shard.length).toBeGreaterThan(0);
    expect(await sandbox.redis.get(ingestShardCountKey(sandbox.redisPrefix))).toBe(String(SHARDS));
  });

  it("answers Prefer: wait from the worker of the event's own shard", async () => {
    const queue = await eventQueue();
    const event = ingestEvent();
    const shard = shardOf(event.event_id, SHARDS);
    const worker = sandbox.stopAfter(
      new Worker(INGEST_QUEUE, () => Promise.resolve({ status: 'created', fingerprint: `shard-${shard}`, id: 1 }), {
        connection: sandbox.redis,
        prefix: ingestShardPrefixes(sandbox.redisPrefix, SHARDS)[shard],
      }),
    );
    await worker.waitUntilReady();

    const answer = await queue.addAndWait({ event, chars: JSON.stringify(event).length }, 5_000);

    expect(answer).toEqual({ status: 'created', fingerprint: `shard-${shard}`, id: 1 });
  });

  it('replays the spool into the shards', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'et-spool-shards-'));
    sandbox.stopAfter({ stop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) });
    const spool = await EventSpool.open(dir, 10 * 1024 * 1024);
    // What an earlier API process spooled while Redis was away.
    const events = Array.from({ length: 5_000 }, () => ingestEvent());
    for (let i = 0; i < events.length; i += 500) await spool.append(events.slice(i, i + 500));
    const queue = await eventQueue(spool);

    queue.startReplay(50, (error) => {
      throw error;
    });
    await waitFor('the spool to empty', () => Promise.resolve(queue.spooling ? undefined : true));

    const perShard = await eventsPerShard(sandbox.redisPrefix);
    expect(
      perShard
        .flat()
        .map((event) => event.event_id)
        .sort(),
    ).toEqual(events.map((event) => event.event_id).sort());
    for (const shard of perShard) expect(shard.length).toBeGreaterThan(0);
  });
});
