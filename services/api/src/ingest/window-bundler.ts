import type { IngestEvent } from '@error-tracker/contracts/ingest-job';
import type { FittedEvent } from './event-budget';

/** How long the first event of a bundle waits for others. */
const WINDOW_MS = 2;

export interface BundleLimits {
  /** Events in one bundle at most. */
  readonly maxEvents: number;
  /** Serialised characters in one bundle at most (one event larger than this goes alone). */
  readonly maxChars: number;
}

interface Waiting<R> {
  readonly event: IngestEvent;
  readonly resolve: (outcome: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Gathers the events accepted within two milliseconds of the first and sends them as one bundle: one
 * Redis call for many requests. Each caller's promise settles with its bundle's outcome, so a request
 * is still answered only once Redis (or the spool) has its event. A bundle that reaches its limits
 * is sent at once. A window rather than one turn of the event loop (setImmediate): at the maximum
 * rate 26-27 events per job instead of 19-22 and 1-16% more accepted; at 1,000 req/s 3-17% less CPU
 * per event. Two milliseconds rather than one: end to end (API, worker and load on one box, where
 * the API runs at 6-8k req/s and bundles stay small) 2-9% more committed in three alternating runs,
 * 9% less API CPU per event at 1,000 req/s; the API's maximum unchanged within noise; four made
 * bundles so slow to fill that 64 connections waited on them (10% fewer committed). Each answer
 * waits up to two milliseconds more.
 */
export class WindowBundler<R> {
  private waiting: Waiting<R>[] = [];
  private chars = 0;
  private scheduled = false;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly send: (events: IngestEvent[]) => Promise<R>,
    private readonly limits: BundleLimits,
  ) {}

  add(fitted: FittedEvent): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      if (this.chars + fitted.chars > this.limits.maxChars) this.flush();
      this.waiting.push({ event: fitted.event, resolve, reject });
      this.chars += fitted.chars;
      if (this.waiting.length >= this.limits.maxEvents || this.chars >= this.limits.maxChars) {
        this.flush();
        return;
      }
      if (this.scheduled) return;
      this.scheduled = true;
      setTimeout(() => {
        this.scheduled = false;
        this.flush();
      }, WINDOW_MS);
    });
  }

  /** Sends what waits now and resolves once every bundle in flight has settled. */
  async drain(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.inFlight]);
  }

  private flush(): void {
    if (this.waiting.length === 0) return;
    const bundle = this.waiting;
    this.waiting = [];
    this.chars = 0;
    const sent = this.send(bundle.map((entry) => entry.event)).then(
      (outcome) => bundle.forEach((entry) => entry.resolve(outcome)),
      (error: unknown) => bundle.forEach((entry) => entry.reject(error)),
    );
    const tracked = sent.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
