import { type Job, Queue, QueueEvents } from 'bullmq';
import { ingestShardPrefixes, raiseIngestShardCount } from '@error-tracker/contracts/ingest-shards';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { ingestShardCountKey } from '@error-tracker/contracts/redis-keys';
import type { RedisClient } from '@error-tracker/runtime/redis';

/** FNV-1a over the id's UTF-16 units: cheap, and even over random ids. */
export function shardOf(id: string, count: number): number {
  if (count <= 1) return 0;
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/**
 * The INGEST_SHARDS queues the API adds to (shard 0 under REDIS_PREFIX itself, the others under
 * hash tags of their own). A job's shard is the hash of an event id, not of its project: a busy
 * project would otherwise load one shard, one cluster master, with all of its traffic.
 */
export class QueueShards<Data, Result> {
  readonly queues: readonly Queue<Data, Result>[];
  private readonly listeners = new Map<string, QueueEvents>();

  constructor(
    private readonly connection: RedisClient,
    private readonly prefix: string,
    count: number,
    /** A connection for each shard's QueueEvents (a blocking reader), opened on first wait. */
    private readonly blockingConnection: () => RedisClient,
  ) {
    this.queues = ingestShardPrefixes(prefix, count).map((shardPrefix) => {
      const queue = new Queue<Data, Result>(INGEST_QUEUE, { connection, prefix: shardPrefix });
      queue.on('error', () => undefined);
      return queue;
    });
    // Workers drain every shard up to the highest count recorded, so a count lowered later strands nothing.
    const announce = () => void this.announce().catch(() => undefined);
    connection.on('ready', announce);
    if (connection.status === 'ready') announce();
  }

  /** The queue for the job carrying the event `id` (or a bundle that starts with it). */
  pick(id: string): Queue<Data, Result> {
    const queue = this.queues[shardOf(id, this.queues.length)];
    if (!queue) throw new Error('no ingest shard');
    return queue;
  }

  /** `items` grouped by the queue of their id, in their order. */
  split<T>(items: readonly T[], idOf: (item: T) => string): [Queue<Data, Result>, T[]][] {
    const parts = new Map<Queue<Data, Result>, T[]>();
    for (const item of items) {
      const queue = this.pick(idOf(item));
      const part = parts.get(queue);
      if (part) part.push(item);
      else parts.set(queue, [item]);
    }
    return [...parts];
  }

  /** The QueueEvents of the job's shard, for waitUntilFinished. */
  eventsOf(job: Job): QueueEvents {
    const prefix = job.prefix;
    let listener = this.listeners.get(prefix);
    if (!listener) {
      listener = new QueueEvents(INGEST_QUEUE, { connection: this.blockingConnection(), prefix });
      listener.on('error', () => undefined);
      this.listeners.set(prefix, listener);
    }
    return listener;
  }

  /** Records this process's shard count where the workers look for it. */
  async announce(): Promise<void> {
    await raiseIngestShardCount(this.connection, ingestShardCountKey(this.prefix), this.queues.length);
  }

  async close(): Promise<void> {
    await Promise.all([...this.listeners.values()].map((listener) => listener.close()));
    await Promise.all(this.queues.map((queue) => queue.close()));
  }
}
