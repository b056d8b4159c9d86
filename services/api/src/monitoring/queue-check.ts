import { Queue } from 'bullmq';
import type { RedisClient } from '@error-tracker/runtime/redis';
import { Gauge } from 'prom-client';
import { ingestShardPrefix } from '@error-tracker/contracts/ingest-shards';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { ingestShardCountKey } from '@error-tracker/contracts/redis-keys';
import { timedCheck } from '@error-tracker/runtime/monitoring/dependency-checks';
import { HEALTH_RULES } from './health-rules';

export interface QueueCheck {
  readonly checkedAt: Date;
  readonly answered: boolean;
  readonly latencyMs: number | null;
  readonly waiting: number;
  readonly active: number;
  readonly delayed: number;
  readonly failed: number;
  readonly oldestWaitingSeconds: number | null;
}

/** Reads the ingest queue's counts and the age of its oldest waiting job, over every shard that may hold jobs. */
export class QueueProbe {
  private readonly shards: Queue[] = [];

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async check(): Promise<QueueCheck> {
    const checkedAt = new Date();
    const counts: Record<string, number> = {};
    let oldest: number | undefined;
    const timed = await timedCheck(async () => {
      for (const queue of await this.queues()) {
        const shard = await queue.getJobCounts('wait', 'active', 'delayed', 'failed');
        for (const [state, n] of Object.entries(shard)) counts[state] = (counts[state] ?? 0) + n;
        const first = (await queue.getJobs(['wait'], 0, 0, true))[0]?.timestamp;
        if (first !== undefined && (oldest === undefined || first < oldest)) oldest = first;
      }
    }, HEALTH_RULES.checkTimeoutMs);
    return {
      checkedAt,
      answered: timed.ok,
      latencyMs: timed.latencyMs,
      waiting: counts.wait ?? 0,
      active: counts.active ?? 0,
      delayed: counts.delayed ?? 0,
      failed: counts.failed ?? 0,
      oldestWaitingSeconds: oldest === undefined ? null : Math.max(0, (checkedAt.getTime() - oldest) / 1000),
    };
  }

  /** Shards 0… up to the highest INGEST_SHARDS recorded (1 before anything ran). */
  private async queues(): Promise<Queue[]> {
    const recorded = Number(await this.redis.get(ingestShardCountKey(this.prefix)));
    for (let shard = this.shards.length; shard < Math.max(1, recorded || 1); shard++) {
      const queue = new Queue(INGEST_QUEUE, { connection: this.redis, prefix: ingestShardPrefix(this.prefix, shard) });
      queue.on('error', () => undefined);
      this.shards.push(queue);
    }
    return this.shards;
  }
}

let probe: QueueProbe | undefined;

/** Read from the queue at scrape time, like the worker's error_tracker_queue_jobs. */
export const oldestWaiting = new Gauge({
  name: 'error_tracker_queue_oldest_waiting_seconds',
  help: 'Age of the oldest job waiting in the ingest queue (0 when none waits)',
  async collect() {
    if (!probe) return;
    const check = await probe.check();
    if (check.answered) this.set(check.oldestWaitingSeconds ?? 0);
  },
});

export function reportOldestWaitingFrom(source: QueueProbe): void {
  probe = source;
}
