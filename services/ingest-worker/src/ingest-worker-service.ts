import { getHeapStatistics } from 'node:v8';
import { type Job, UnrecoverableError } from 'bullmq';
import {
  INGEST_BUNDLE_JOB_NAME,
  type IngestBundle,
  type IngestEvent,
  type IngestJobData,
  type IngestResult,
} from '@error-tracker/contracts/ingest-job';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import type { Config } from '@error-tracker/runtime/config/load-config';
import type { Logger } from '@error-tracker/runtime/logger';
import { createDb } from '@error-tracker/runtime/postgres';
import { closeRedis, createRedis } from '@error-tracker/runtime/redis';
import { PeriodicTasks } from '@error-tracker/runtime/periodic-tasks';
import { closeInOrder, type Service } from '@error-tracker/runtime/shutdown';
import { ByteBoundedWorker } from './batching/byte-bounded-worker';
import { HeldBytes, heldKey } from './batching/held-bytes';
import { MicroBatcher } from './batching/micro-batcher';
import { ShardWorkers } from './batching/shard-workers';
import { jobsFailed, reportQueueDepthFrom } from './metrics';
import { OutboxPublisher } from './outbox/outbox-publisher';
import { IngestPipeline } from './pipeline/ingest-pipeline';
import { foldStaleTallies, TALLY_SWEEP_MS } from './storage/group-tallies';
import { ProjectRegistry } from './storage/project-registry';
import { isDataError } from './storage/transient-errors';

const SWEEP_INTERVAL_MS = 5_000;

/**
 * Shares of the V8 heap limit for the job payloads a worker holds and for one batch: under the
 * image's --max-old-space-size=96 about 6.7 MB and 1.7 MB, above what 1,000 ordinary events take.
 * A held event costs about three times its size while its batch is written (parsed, copied into the
 * statement, in flight to PostgreSQL), so these keep the worker well inside its heap.
 */
const HELD_HEAP_SHARE = 16;
const BATCH_HEAP_SHARE = 64;
/**
 * Batches written at once: one commits while the next waits for its groups. Concurrent batches over
 * the same groups queue on their row locks anyway; more only split the events into smaller batches.
 */
const BATCHES_IN_FLIGHT = 2;

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
    maxInFlight: BATCHES_IN_FLIGHT,
    handle: (events) => pipeline.handle(events),
    onBatchFailure: (error, size) => logger.warn({ err: error, size }, 'batch failed; retrying its events one by one'),
  });

  // A bundle's events are written with whatever batches they fall in. It fails (to be retried, its
  // written events then skipped as duplicates) only once all of them have settled, so a retry never
  // races a write still in flight.
  const writeBundle = async (events: readonly IngestEvent[], bytes: number): Promise<undefined> => {
    await batcher.addAll(events, Math.ceil(bytes / Math.max(1, events.length)));
    return undefined;
  };
  // An event PostgreSQL refuses as data goes straight to the failed set instead of retrying 8 times,
  // each time dragging a batch into one-by-one mode.
  const processJob = async (job: Job<IngestJobData, IngestResult | undefined>) => {
    try {
      const bytes = held.sizeOf(heldKey(job.queueQualifiedName, job.id));
      if (job.name === INGEST_BUNDLE_JOB_NAME) return await writeBundle((job.data as IngestBundle).events, bytes);
      // A job of one event is one the API waits for (INGEST_JOB_NAME): written without the batch wait.
      return await batcher.add(job.data as IngestEvent, bytes, true);
    } catch (error) {
      throw isDataError(error) ? new UnrecoverableError(error instanceof Error ? error.message : String(error)) : error;
    } finally {
      held.release(heldKey(job.queueQualifiedName, job.id));
    }
  };
  // One worker per ingest shard, all holding jobs against one byte budget: past it, none fetches
  // more until some of the jobs held are written.
  const held = new HeldBytes(Math.floor(heapLimit / HELD_HEAP_SHARE), (over) => shards.throttle(over));
  const shards = new ShardWorkers({
    prefix: config.redisPrefix,
    shards: config.ingest.shards,
    concurrency: config.ingest.concurrency,
    connection: publisherRedis,
    logger,
    create: (prefix, concurrency) => {
      const worker = new ByteBoundedWorker(INGEST_QUEUE, processJob, {
        connection: workerRedis,
        prefix,
        concurrency,
        // A dead worker's lock lapses within lockMs; BullMQ's stalled check then needs two passes
        // (mark, then move), so its jobs are back in work within 2 × lockMs (12 s by default).
        lockDuration: config.ingest.lockMs,
        stalledInterval: Math.max(500, Math.floor(config.ingest.lockMs / 2)),
        maxStalledCount: 10,
      });
      worker.boundBy(held);
      worker.on('error', (error) => logger.warn({ err: error, prefix }, 'worker connection error'));
      worker.on('failed', (job, error) => {
        held.release(heldKey(worker.qualifiedName, job?.id));
        const exhausted = job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1);
        jobsFailed.inc({ exhausted: String(exhausted) });
        logger.warn({ err: error, jobId: job?.id, prefix, attemptsMade: job?.attemptsMade, exhausted }, 'ingest job failed');
      });
      return worker;
    },
  });
  reportQueueDepthFrom(() => shards.counts('waiting', 'active', 'delayed', 'failed'));

  const folder = new PeriodicTasks(logger, [
    { name: 'fold stale tallies', everyMs: TALLY_SWEEP_MS, run: () => foldStaleTallies(db) },
  ]);
  folder.start();
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweeper = setInterval(() => {
    sweeping = publisher.sweep().catch((error: unknown) => logger.warn({ err: error }, 'outbox sweep failed'));
  }, SWEEP_INTERVAL_MS);

  await shards.start();
  logger.info(
    {
      concurrency: config.ingest.concurrency,
      batchSize: config.ingest.batchSize,
      batchTimeoutMs: config.ingest.batchTimeoutMs,
      shards: shards.consumed,
    },
    'ingest worker started',
  );

  return {
    name: 'ingest-worker',
    stop: () =>
      closeInOrder([
        async () => {
          pipeline.stop();
          await Promise.all([shards.close(), batcher.drain()]);
        },
        async () => {
          clearInterval(sweeper);
          await Promise.all([sweeping, folder.stop()]);
          // What this worker's batches left in tallies goes into the group rows now, not at the next worker's sweep.
          await foldStaleTallies(db, 0).catch((error: unknown) => logger.warn({ err: error }, 'tally fold failed'));
        },
        () => Promise.resolve(reportQueueDepthFrom(undefined)),
        () => closeRedis(publisherRedis),
        () => closeRedis(workerRedis),
        () => db.destroy(),
      ]),
  };
}
