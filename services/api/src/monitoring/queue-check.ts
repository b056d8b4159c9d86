import { Queue } from 'bullmq';
import type { RedisClient } from '@error-tracker/runtime/redis';
import { Gauge } from 'prom-client';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
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

/** Reads the ingest queue's counts and the age of its oldest waiting job. */
export class QueueProbe {
  private readonly queue: Queue;

  constructor(redis: RedisClient, prefix: string) {
    this.queue = new Queue(INGEST_QUEUE, { connection: redis, prefix });
    this.queue.on('error', () => undefined);
  }

  async check(): Promise<QueueCheck> {
    const checkedAt = new Date();
    let counts: Record<string, number> = {};
    let oldest: number | undefined;
    const timed = await timedCheck(async () => {
      counts = await this.queue.getJobCounts('wait', 'active', 'delayed', 'failed');
      oldest = (await this.queue.getJobs(['wait'], 0, 0, true))[0]?.timestamp;
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
