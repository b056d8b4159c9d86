import { Queue, Worker } from 'bullmq';
import type { RedisClient } from '@error-tracker/runtime/redis';
import { type Logger } from '@error-tracker/runtime/logger';
import { RETENTION_QUEUE } from '@error-tracker/contracts/queues';

export const RETENTION_SCHEDULER_ID = 'retention-daily';
export const RETENTION_JOB_NAME = 'purge';
export const RETENTION_EVERY_MS = 24 * 3_600_000;

export interface RetentionScheduler {
  /** Stops taking jobs; waits for the running one (which the caller makes stop early). */
  close(): Promise<void>;
}

export interface SchedulerOptions {
  readonly connection: RedisClient;
  readonly prefix: string;
  readonly everyMs: number;
  readonly logger: Logger;
  readonly run: () => Promise<unknown>;
}

/**
 * Every replica upserts the same job scheduler; BullMQ keeps one schedule and hands each iteration
 * to one worker, so replicas never purge twice. The first iteration runs at once, then every 24 h.
 */
export async function startRetentionScheduler(options: SchedulerOptions): Promise<RetentionScheduler> {
  const { connection, prefix, logger } = options;
  const queue = new Queue(RETENTION_QUEUE, { connection, prefix });
  await queue.upsertJobScheduler(
    RETENTION_SCHEDULER_ID,
    { every: options.everyMs },
    {
      name: RETENTION_JOB_NAME,
      opts: {
        attempts: 3,
        backoff: { type: 'exponential', delay: 60_000 },
        removeOnComplete: { count: 50 },
        removeOnFail: { count: 50 },
      },
    },
  );
  const worker = new Worker(RETENTION_QUEUE, () => options.run(), {
    connection,
    prefix,
    concurrency: 1,
    lockDuration: 60_000,
  });
  worker.on('error', (error) => logger.warn({ err: error }, 'retention worker connection error'));
  worker.on('failed', (job, error) => logger.warn({ err: error, jobId: job?.id }, 'retention job failed'));
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      await queue.close();
    },
  };
}
