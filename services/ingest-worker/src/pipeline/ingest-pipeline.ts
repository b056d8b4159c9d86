import type { RedisClient } from '@error-tracker/runtime/redis';
import type { Db } from '@error-tracker/contracts/db/schema';
import type { IngestEvent, IngestResult } from '@error-tracker/contracts/ingest-job';
import { bumpCacheGeneration } from '@error-tracker/contracts/redis-keys';
import type { GroupingStrategy } from '@error-tracker/grouping/compute-fingerprint';
import type { Logger } from '@error-tracker/runtime/logger';
import { backoffMs, sleep } from '@error-tracker/runtime/retry';
import { batchSize, duplicatesSkipped, eventsIngested, ingestLag } from '../metrics';
import type { OutboxPublisher } from '../outbox/outbox-publisher';
import { writeBatch } from '../storage/batch-writer';
import type { ProjectRegistry } from '../storage/project-registry';
import { isTransientDbError } from '../storage/transient-errors';
import type { BatchOutcome, OutboxEntry, PreparedEvent } from './batch-types';
import { prepareEvent } from './prepare-event';

export interface IngestPipelineDeps {
  readonly db: Db;
  /** Commands only (cache generation); the publisher holds its own reference. */
  readonly redis: RedisClient;
  readonly redisPrefix: string;
  readonly groupingStrategy: GroupingStrategy;
  readonly projects: ProjectRegistry;
  readonly publisher: OutboxPublisher;
  readonly logger: Logger;
}

/**
 * What happens to one micro-batch of events, in order:
 * prepare (parse, fingerprint) → write (one transaction) → publish (outbox to the stream) → invalidate (read cache).
 */
export class IngestPipeline {
  private stopping = false;

  constructor(private readonly deps: IngestPipelineDeps) {}

  async handle(events: readonly IngestEvent[]): Promise<IngestResult[]> {
    const prepared = events.map((event) => prepareEvent(event, this.deps.groupingStrategy));
    const outcome = await this.write(prepared);
    await this.deps.publisher.publishCommitted(outcome.outbox);
    await this.invalidate(outcome.outbox);
    recordBatch(events, outcome.duplicates);
    return outcome.results;
  }

  /** From now on a database outage fails the batch instead of being waited out. */
  stop(): void {
    this.stopping = true;
  }

  /** PostgreSQL going away is waited out, not counted against the jobs' attempts. */
  private async write(prepared: readonly PreparedEvent[]): Promise<BatchOutcome> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.projects.register(prepared.map((p) => p.event.project));
        return await writeBatch(this.deps.db, prepared);
      } catch (error) {
        if (this.stopping || !isTransientDbError(error)) throw error;
        this.deps.logger.warn({ err: error, attempt }, 'database unavailable; retrying the batch');
        await sleep(backoffMs(attempt, 100, 5_000));
      }
    }
  }

  /** New and reopened groups change list answers; count bumps alone do not (TTL bounds those). */
  private async invalidate(outbox: readonly OutboxEntry[]): Promise<void> {
    if (outbox.length === 0) return;
    await bumpCacheGeneration(this.deps.redis, this.deps.redisPrefix).catch(() => undefined);
  }
}

function recordBatch(events: readonly IngestEvent[], duplicates: number): void {
  batchSize.observe(events.length);
  eventsIngested.inc(events.length - duplicates);
  if (duplicates > 0) duplicatesSkipped.inc(duplicates);
  const now = Date.now();
  for (const event of events) ingestLag.observe((now - Date.parse(event.received_at)) / 1000);
}
