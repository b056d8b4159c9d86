import { type JobType, Queue, type Worker } from 'bullmq';
import { ingestShardPrefix, raiseIngestShardCount } from '@error-tracker/contracts/ingest-shards';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { ingestShardCountKey } from '@error-tracker/contracts/redis-keys';
import type { Logger } from '@error-tracker/runtime/logger';
import type { RedisClient } from '@error-tracker/runtime/redis';

/** A shard holds work while any of these counts is above 0. */
const PENDING_STATES = ['waiting', 'active', 'delayed', 'prioritized', 'paused'] as const;
const DRAIN_CHECK_MS = 10_000;

export interface ShardWorkersOptions<W extends Worker> {
  /** REDIS_PREFIX: shard 0's prefix, the others' derive from it. */
  readonly prefix: string;
  /** INGEST_SHARDS: the shards this process always consumes. */
  readonly shards: number;
  /** The process's INGEST_CONCURRENCY, shared out over the shards it consumes. */
  readonly concurrency: number;
  /** For the counts of each shard and the shard count record (not blocking). */
  readonly connection: RedisClient;
  /** A worker on the shard under `prefix`, fetching at most `concurrency` jobs at once. */
  readonly create: (prefix: string, concurrency: number) => W;
  readonly logger: Logger;
  readonly drainCheckMs?: number;
}

/**
 * One BullMQ worker per ingest shard, in one process. Shards 0…INGEST_SHARDS-1 are always
 * consumed. Shards above that, up to the highest count any process recorded, get a worker only
 * while they hold jobs: after INGEST_SHARDS is lowered (or while an API with a higher count still
 * runs), their jobs are drained instead of stranded.
 */
export class ShardWorkers<W extends Worker> {
  private readonly workers = new Map<number, W>();
  private readonly counters = new Map<number, Queue>();
  private recorded: number;
  private throttled = false;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly options: ShardWorkersOptions<W>) {
    this.recorded = options.shards;
  }

  /** Starts the workers of shards 0…INGEST_SHARDS-1 and the periodic check of the shards above. */
  async start(): Promise<void> {
    for (let shard = 0; shard < this.options.shards; shard++) this.open(shard);
    await Promise.all([...this.workers.values()].map((worker) => worker.waitUntilReady()));
    this.checking = this.drainCheck();
    this.timer = setInterval(() => {
      this.checking = this.checking.then(() => this.drainCheck());
    }, this.options.drainCheckMs ?? DRAIN_CHECK_MS);
  }

  /** Over the byte budget: every shard's worker fetches one job at a time until it is under again. */
  throttle(over: boolean): void {
    this.throttled = over;
    for (const worker of this.workers.values()) worker.concurrency = this.concurrency();
  }

  /** The shards consumed now (numbers), for logs and tests. */
  get consumed(): number[] {
    return [...this.workers.keys()].sort((a, b) => a - b);
  }

  /** Job counts summed over every shard that may hold jobs. */
  async counts(...states: JobType[]): Promise<Record<string, number>> {
    const perShard = await Promise.all(
      Array.from({ length: Math.max(this.recorded, this.options.shards) }, (_, shard) =>
        this.counter(shard).getJobCounts(...states),
      ),
    );
    const total: Record<string, number> = {};
    for (const counts of perShard) for (const [state, n] of Object.entries(counts)) total[state] = (total[state] ?? 0) + n;
    return total;
  }

  /** Stops fetching on every shard and waits for the jobs in hand (BullMQ's close). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.checking;
    await Promise.all([...this.workers.values()].map((worker) => worker.close()));
    await Promise.all([...this.counters.values()].map((queue) => queue.close()));
  }

  private concurrency(): number {
    return this.throttled ? 1 : Math.max(1, Math.ceil(this.options.concurrency / this.options.shards));
  }

  private open(shard: number): W {
    const worker = this.options.create(ingestShardPrefix(this.options.prefix, shard), this.concurrency());
    this.workers.set(shard, worker);
    return worker;
  }

  private counter(shard: number): Queue {
    let queue = this.counters.get(shard);
    if (!queue) {
      queue = new Queue(INGEST_QUEUE, {
        connection: this.options.connection,
        prefix: ingestShardPrefix(this.options.prefix, shard),
      });
      queue.on('error', () => undefined);
      this.counters.set(shard, queue);
    }
    return queue;
  }

  private async drainCheck(): Promise<void> {
    try {
      const key = ingestShardCountKey(this.options.prefix);
      this.recorded = await raiseIngestShardCount(this.options.connection, key, this.options.shards);
      // Up to the record, or beyond it while a drain opened before the record was dropped still runs.
      const upTo = Math.max(this.recorded, ...[...this.workers.keys()].map((shard) => shard + 1));
      for (let shard = this.options.shards; shard < upTo && !this.closed; shard++) {
        const counts = await this.counter(shard).getJobCounts(...PENDING_STATES);
        const pending = Object.values(counts).reduce((sum, n) => sum + n, 0);
        const worker = this.workers.get(shard);
        if (pending > 0 && !worker) {
          this.options.logger.info({ shard, pending }, 'draining an ingest shard above INGEST_SHARDS');
          this.open(shard);
        } else if (pending === 0 && worker) {
          this.workers.delete(shard);
          await worker.close();
        }
      }
    } catch (error) {
      this.options.logger.warn({ err: error }, 'ingest shard check failed; retrying');
    }
  }
}
