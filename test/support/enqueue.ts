import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { INGEST_JOB_NAME, INGEST_JOB_OPTIONS, type IngestEvent } from '@error-tracker/contracts/ingest-job';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { redisUrl } from './redis-prefix';

/** Puts events on the ingest queue exactly as the API does, in chunks. */
export async function enqueueEvents(prefix: string, events: readonly IngestEvent[]): Promise<void> {
  const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue<IngestEvent>(INGEST_QUEUE, { connection, prefix });
  try {
    for (let i = 0; i < events.length; i += 1_000) {
      await queue.addBulk(events.slice(i, i + 1_000).map((data) => ({ name: INGEST_JOB_NAME, data, opts: INGEST_JOB_OPTIONS })));
    }
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

export async function queueCounts(prefix: string): Promise<Record<string, number>> {
  const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue(INGEST_QUEUE, { connection, prefix });
  try {
    return await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
