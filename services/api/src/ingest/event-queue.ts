import { type Job, Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { INGEST_JOB_NAME, INGEST_JOB_OPTIONS, type IngestEvent, type IngestResult } from '@error-tracker/contracts/ingest-job';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { eventsAccepted } from '../http/metrics';
import type { EventSpool } from '../spool/event-spool';
import { replayedEvents, spoolBytes, spooledEvents } from '../spool/spool-metrics';

const RETRY_AFTER_SECONDS = 5;

type IngestJob = Job<IngestEvent, IngestResult>;

/** Redis cannot take the event now; the client should send it again after `retryAfterSeconds`. */
export class QueueUnavailableError extends Error {
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;

  constructor() {
    super('the event queue (Redis) is unavailable; retry later');
    this.name = 'QueueUnavailableError';
  }
}

/**
 * ioredis's words for a connection that is not there (offline queue off, command timeout, closed,
 * retries spent, socket errors) and Redis's for a server that cannot take writes now.
 */
const UNAVAILABLE =
  /Command timed out|Connection is closed|Stream isn't writeable|isn't ready|is disconnect|Socket timeout|max retries per request|ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|EHOSTUNREACH|^(OOM|LOADING|READONLY|BUSY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|NOREPLICAS)\b/i;

export function isRedisUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return UNAVAILABLE.test(error.message) || (typeof code === 'string' && UNAVAILABLE.test(code));
}

/** The producer side of the ingest queue: fails fast with QueueUnavailableError when Redis cannot take a job; other failures pass through. */
export class EventQueue {
  private readonly queue: Queue<IngestEvent, IngestResult>;
  private queueEvents: QueueEvents | undefined;

  private replayTimer: NodeJS.Timeout | undefined;
  private replaying: Promise<unknown> | undefined;

  constructor(
    private readonly connection: Redis,
    private readonly prefix: string,
    private readonly blockingConnection: () => Redis,
    /** Where events go while Redis is away; without one, the API answers 503. */
    private readonly spool?: EventSpool,
  ) {
    this.queue = new Queue<IngestEvent, IngestResult>(INGEST_QUEUE, { connection, prefix });
    this.queue.on('error', () => undefined);
    spoolBytes.set(spool?.size ?? 0);
  }

  /** The job, or undefined when Redis was away and the event went to the spool. */
  async add(event: IngestEvent): Promise<IngestJob | undefined> {
    try {
      if (this.connection.status !== 'ready') throw this.unavailable();
      // The producer connection's commandTimeout bounds the wait.
      const job = await this.queue.add(INGEST_JOB_NAME, event, INGEST_JOB_OPTIONS);
      eventsAccepted.inc({ via: 'single' });
      return job;
    } catch (error) {
      await this.spoolOrThrow([event], this.classify(error));
      return undefined;
    }
  }

  async addMany(events: readonly IngestEvent[]): Promise<void> {
    try {
      if (this.connection.status !== 'ready') throw this.unavailable();
      await this.bulk(events);
      eventsAccepted.inc({ via: 'bulk' }, events.length);
    } catch (error) {
      await this.spoolOrThrow(events, this.classify(error));
    }
  }

  /** True while events wait in the spool. */
  get spooling(): boolean {
    return (this.spool?.size ?? 0) > 0;
  }

  /** Replays the spool whenever Redis is ready and something waits in it. */
  startReplay(everyMs: number, onError: (error: unknown) => void): void {
    if (!this.spool) return;
    const spool = this.spool;
    this.replayTimer = setInterval(() => {
      if (this.replaying || spool.size === 0 || this.connection.status !== 'ready') return;
      this.replaying = spool
        .replay(async (events) => {
          await this.bulk(events);
          replayedEvents.inc(events.length);
        })
        .catch(onError)
        .finally(() => {
          this.replaying = undefined;
          spoolBytes.set(spool.size);
        });
    }, everyMs);
  }

  private async bulk(events: readonly IngestEvent[]): Promise<void> {
    await this.queue.addBulk(events.map((data) => ({ name: INGEST_JOB_NAME, data, opts: INGEST_JOB_OPTIONS })));
  }

  /** Redis away and a spool with room: the events are kept on disk. Otherwise the error stands. */
  private async spoolOrThrow(events: readonly IngestEvent[], error: unknown): Promise<void> {
    if (!(error instanceof QueueUnavailableError) || !this.spool || !(await this.spool.append(events))) throw error;
    spooledEvents.inc(events.length);
    spoolBytes.set(this.spool.size);
  }

  /** The worker's answer for a job, or undefined if it does not come within timeoutMs. */
  async waitForResult(job: IngestJob, timeoutMs: number): Promise<IngestResult | undefined> {
    try {
      return await job.waitUntilFinished(this.events(), timeoutMs);
    } catch {
      return undefined;
    }
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    clearInterval(this.replayTimer);
    await this.replaying;
    await this.spool?.close();
    await this.queueEvents?.close();
    await this.queue.close();
  }

  /** Only Redis being away is worth a retry (503); anything else is a fault to report as it is. */
  private classify(error: unknown): unknown {
    return this.connection.status !== 'ready' || isRedisUnavailable(error) ? this.unavailable() : error;
  }

  private unavailable(): QueueUnavailableError {
    return new QueueUnavailableError();
  }

  private events(): QueueEvents {
    if (!this.queueEvents) {
      this.queueEvents = new QueueEvents(INGEST_QUEUE, { connection: this.blockingConnection(), prefix: this.prefix });
      this.queueEvents.on('error', () => undefined);
    }
    return this.queueEvents;
  }
}
