import { type Job, Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  INGEST_BUNDLE_JOB_NAME,
  INGEST_BUNDLE_JOB_OPTIONS,
  INGEST_JOB_NAME,
  INGEST_JOB_OPTIONS,
  type IngestBundle,
  type IngestEvent,
  type IngestJobData,
} from '@error-tracker/contracts/ingest-job';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { redisUrl } from './redis-prefix';

function jobsOf(events: readonly IngestEvent[], eventsPerJob: number) {
  if (eventsPerJob === 1) return events.map((data) => ({ name: INGEST_JOB_NAME, data, opts: INGEST_JOB_OPTIONS }));
  const jobs = [];
  for (let i = 0; i < events.length; i += eventsPerJob)
    jobs.push({
      name: INGEST_BUNDLE_JOB_NAME,
      data: { events: events.slice(i, i + eventsPerJob) },
      opts: INGEST_BUNDLE_JOB_OPTIONS,
    });
  return jobs;
}

/**
 * Puts events on the ingest queue as the API does: in bundles (as one API process sends the
 * events of one event-loop tick), or with `eventsPerJob: 1` one job each (`Prefer: wait`).
 */
export async function enqueueEvents(prefix: string, events: readonly IngestEvent[], eventsPerJob = 20): Promise<void> {
  const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue<IngestJobData>(INGEST_QUEUE, { connection, prefix });
  try {
    const jobs = jobsOf(events, eventsPerJob);
    for (let i = 0; i < jobs.length; i += 1_000) await queue.addBulk(jobs.slice(i, i + 1_000));
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

/** Job hashes (`<prefix>:ingest:<id>`) still in Redis, whatever their state. */
export async function jobHashesLeft(prefix: string): Promise<number> {
  const connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  try {
    const keys = await connection.keys(`${prefix}:${INGEST_QUEUE}:*`);
    return keys.filter((key) => /:\d+$/.test(key)).length;
  } finally {
    connection.disconnect();
  }
}

/** The events of the given jobs, bundles opened. */
export function eventsOfJobs(jobs: readonly Job<IngestJobData>[]): IngestEvent[] {
  return jobs.flatMap((job) =>
    job.name === INGEST_BUNDLE_JOB_NAME ? (job.data as IngestBundle).events : [job.data as IngestEvent],
  );
}

/** The events waiting on the queue, bundles opened. */
export async function waitingEvents(queue: Queue<IngestJobData>): Promise<IngestEvent[]> {
  return eventsOfJobs(await queue.getJobs(['waiting'], 0, 100_000));
}
