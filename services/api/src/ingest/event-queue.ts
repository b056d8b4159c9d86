import type { Job } from 'bullmq';
import {
  INGEST_BUNDLE_JOB_NAME,
  INGEST_BUNDLE_JOB_OPTIONS,
  INGEST_JOB_NAME,
  INGEST_JOB_OPTIONS,
  type IngestEvent,
  type IngestJobData,
  type IngestResult,
} from '@error-tracker/contracts/ingest-job';
import type { RedisClient } from '@error-tracker/runtime/redis';
import { eventsAccepted } from '../http/metrics';
import type { EventSpool } from '../spool/event-spool';
import { replayedEvents, spoolBytes, spooledEvents } from '../spool/spool-metrics';
import type { FittedEvent } from './event-budget';
import { QueueShards } from './queue-shards';
import { WindowBundler } from './window-bundler';

const RETRY_AFTER_SECONDS = 5;

type IngestJob = Job<IngestJobData, IngestResult | undefined>;

/**
 * A bundle stays well inside what a worker holds at once (its batch budget is 1.7 MB under the
 * image's heap limit) and what one Redis call should carry.
 */
const BUNDLE_LIMITS = { maxEvents: 200, maxChars: 256 * 1024 };

/** Events per bundle when the spool is replayed. */
const REPLAY_BUNDLE_EVENTS = 100;

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
  private readonly shards: QueueShards<IngestJobData, IngestResult | undefined>;
  private readonly bundler = new WindowBundler((events) => this.bundle(events), BUNDLE_LIMITS);

  private replayTimer: NodeJS.Timeout | undefined;
  private replaying: Promise<unknown> | undefined;

  constructor(
    private readonly connection: RedisClient,
    prefix: string,
    blockingConnection: () => RedisClient,
    /** Where events go while Redis is away; without one, the API answers 503. */
    private readonly spool?: EventSpool,
    /** INGEST_SHARDS: each job goes to one of this many queues. */
    shardCount = 1,
  ) {
    this.shards = new QueueShards(connection, prefix, shardCount, blockingConnection);
    spoolBytes.set(spool?.size ?? 0);
  }

  /**
   * Queues the event with the others accepted within the same one or two milliseconds; resolves once Redis
   * holds it (or, Redis away, the spool).
   */
  async add(fitted: FittedEvent): Promise<void> {
    if ((await this.bundler.add(fitted)) === 'queued') eventsAccepted.inc({ via: 'single' });
  }

  /** The events of one batch request: bundled like single events. */
  async addMany(fitted: readonly FittedEvent[]): Promise<void> {
    const outcomes = await Promise.all(fitted.map((one) => this.bundler.add(one)));
    eventsAccepted.inc({ via: 'bulk' }, outcomes.filter((outcome) => outcome === 'queued').length);
  }

  /**
   * Queues the event as a job of its own and waits up to timeoutMs for the worker's answer:
   * undefined when it does not come in time, or when Redis was away and the event was spooled.
   */
  async addAndWait(fitted: FittedEvent, timeoutMs: number): Promise<IngestResult | undefined> {
    let job: IngestJob;
    try {
      if (this.connection.status !== 'ready') throw this.unavailable();
      // The producer connection's commandTimeout bounds the wait.
      job = await this.shards.pick(fitted.event.event_id).add(INGEST_JOB_NAME, fitted.event, INGEST_JOB_OPTIONS);
    } catch (error) {
      await this.spoolOrThrow([fitted.event], this.classify(error));
      return undefined;
    }
    eventsAccepted.inc({ via: 'single' });
    try {
      return await job.waitUntilFinished(this.shards.eventsOf(job), timeoutMs);
    } catch {
      return undefined;
    }
  }

  /** One job for the events of a bundle, or the spool when Redis cannot take it (eventsAccepted counts only the queued). */
  private async bundle(events: IngestEvent[]): Promise<'queued' | 'spooled'> {
    try {
      if (this.connection.status !== 'ready') throw this.unavailable();
      await this.shards.pick(events[0]?.event_id ?? '').add(INGEST_BUNDLE_JOB_NAME, { events }, INGEST_BUNDLE_JOB_OPTIONS);
      return 'queued';
    } catch (error) {
      await this.spoolOrThrow(events, this.classify(error));
      return 'spooled';
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
    const bundles = [];
    for (let start = 0; start < events.length; start += REPLAY_BUNDLE_EVENTS)
      bundles.push({ events: events.slice(start, start + REPLAY_BUNDLE_EVENTS) });
    const byShard = this.shards.split(bundles, (bundle) => bundle.events[0]?.event_id ?? '');
    await Promise.all(
      byShard.map(([queue, part]) =>
        queue.addBulk(part.map((data) => ({ name: INGEST_BUNDLE_JOB_NAME, data, opts: INGEST_BUNDLE_JOB_OPTIONS }))),
      ),
    );
  }

  /** Redis away and a spool with room: the events are kept on disk. Otherwise the error stands. */
  private async spoolOrThrow(events: readonly IngestEvent[], error: unknown): Promise<void> {
    if (!(error instanceof QueueUnavailableError) || !this.spool || !(await this.spool.append(events))) throw error;
    spooledEvents.inc(events.length);
    spoolBytes.set(this.spool.size);
  }

  async ping(): Promise<void> {
    await this.connection.ping();
  }

  async close(): Promise<void> {
    clearInterval(this.replayTimer);
    await this.bundler.drain();
    await this.replaying;
    await this.spool?.close();
    await this.shards.close();
  }

  /** Only Redis being away is worth a retry (503); anything else is a fault to report as it is. */
  private classify(error: unknown): unknown {
    return this.connection.status !== 'ready' || isRedisUnavailable(error) ? this.unavailable() : error;
  }

  private unavailable(): QueueUnavailableError {
    return new QueueUnavailableError();
  }
}
