import { getHeapStatistics } from 'node:v8';
import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { IngestEvent, IngestResult } from '@error-tracker/contracts/ingest-job';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import type { Config } from '@error-tracker/runtime/config/load-config';
import type { Logger } from '@error-tracker/runtime/logger';
import { createDb } from '@error-tracker/runtime/postgres';
import { closeRedis, createRedis } from '@error-tracker/runtime/redis';
import { closeInOrder, type Service } from '@error-tracker/runtime/shutdown';
import { approximateSize } from './batching/approximate-size';
import { HeldBytes } from './batching/held-bytes';
import { MicroBatcher } from './batching/micro-batcher';
import { jobsFailed, reportQueueDepthFrom } from './metrics';
import { OutboxPublisher } from './outbox/outbox-publisher';
import { IngestPipeline } from './pipeline/ingest-pipeline';
import { ProjectRegistry } from './storage/project-registry';
import { isDataError } from './storage/transient-errors';

const SWEEP_INTERVAL_MS = 5_000;

/**
 * Shares of the V8 heap limit for the job payloads a worker holds and for one batch: under the
 * image's --max-old-space-size=96 about 13 MB and 3 MB, far above what 1,000 ordinary events take.
 */
const HELD_HEAP_SHARE = 8;
const BATCH_HEAP_SHARE = 32;

export async function startIngestWorker(config: Config, logger: Logger): Promise<Service> {
  const db = createDb(config.databaseUrl, { applicationName: 'error-tracker-ingest-worker', maxConnections: 8 });
  const workerRedis = createRedis(config.redisUrl, 'worker', 'et-ingest-worker');
  const publisherRedis = createRedis(config.redisUrl, 'worker', 'et-ingest-publisher');
  const publisher = new OutboxPublisher(db, publisherRedis, config.redisPrefix, logger);
  const pipeline = new IngestPipeline({
    db,
    redis: publisherRedis,
    redisPrefix: config.redisPrefix,
    groupingStrategy: config.groupingStrategy,
    projects: new ProjectRegistry(db),
    publisher,
    logger,
  });
  const heapLimit = getHeapStatistics().heap_size_limit;
  const batcher = new MicroBatcher<IngestEvent, IngestResult>({
    maxSize: config.ingest.batchSize,
    maxBytes: Math.floor(heapLimit / BATCH_HEAP_SHARE),
    maxWaitMs: config.ingest.batchTimeoutMs,
    handle: (events) => pipeline.handle(events),
    onBatchFailure: (error, size) => logger.warn({ err: error, size }, 'batch failed; retrying its events one by one'),
  });

  // Past the byte budget the worker fetches no more jobs until some of those it holds are written.
  const held = new HeldBytes(Math.floor(heapLimit / HELD_HEAP_SHARE), (over) => {
    worker.concurrency = over ? 1 : config.ingest.concurrency;
  });
  // An event PostgreSQL refuses as data goes straight to the failed set instead of retrying 8 times,
  // each time dragging a batch into one-by-one mode.
  const processJob = async (job: Job<IngestEvent, IngestResult>) => {
    const bytes = approximateSize(job.data);
    held.take(bytes);
    try {
      return await batcher.add(job.data, bytes);
    } catch (error) {
      throw isDataError(error) ? new UnrecoverableError(error instanceof Error ? error.message : String(error)) : error;
    } finally {
      held.release(bytes);
    }
  };
  const worker = new Worker<IngestEvent, IngestResult>(INGEST_QUEUE, processJob, {
    connection: workerRedis,
    prefix: config.redisPrefix,
    concurrency: config.ingest.concurrency,
    // A dead worker's jobs are back in work within lockMs + stalledInterval (15 s by default).
    lockDuration: config.ingest.lockMs,
    stalledInterval: Math.max(500, Math.floor(config.ingest.lockMs / 2)),
    maxStalledCount: 10,
  });
  worker.on('error', (error) => logger.warn({ err: error }, 'worker connection error'));
  worker.on('failed', (job, error) => {
    const exhausted = job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1);
    jobsFailed.inc({ exhausted: String(exhausted) });
    logger.warn({ err: error, jobId: job?.id, attemptsMade: job?.attemptsMade, exhausted }, 'ingest job failed');
  });
  const depthQueue = new Queue(INGEST_QUEUE, { connection: publisherRedis, prefix: config.redisPrefix });
  reportQueueDepthFrom(() => depthQueue.getJobCounts('waiting', 'active', 'delayed', 'failed'));

  let sweeping: Promise<unknown> = Promise.resolve();
  const sweeper = setInterval(() => {
    sweeping = publisher.sweep().catch((error: unknown) => logger.warn({ err: error }, 'outbox sweep failed'));
  }, SWEEP_INTERVAL_MS);

  await worker.waitUntilReady();
  logger.info(
    { concurrency: config.ingest.concurrency, batchSize: config.ingest.batchSize, batchTimeoutMs: config.ingest.batchTimeoutMs },
    'ingest worker started',
  );

  return {
    name: 'ingest-worker',
    stop: () =>
      closeInOrder([
        async () => {
          pipeline.stop();
          await Promise.all([worker.close(), batcher.drain()]);
        },
        async () => {
          clearInterval(sweeper);
          await sweeping;
        },
        async () => {
          reportQueueDepthFrom(undefined);
          await depthQueue.close();
        },
        () => closeRedis(publisherRedis),
        () => closeRedis(workerRedis),
        () => db.destroy(),
      ]),
  };
}
