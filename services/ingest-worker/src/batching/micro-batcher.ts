export interface MicroBatcherOptions<T, R> {
  /** Flush as soon as this many items wait. */
  readonly maxSize: number;
  /** Flush as soon as the items waiting add up to this many bytes (as `add` was told); unbounded if absent. */
  readonly maxBytes?: number;
  /** Flush this long after the first item of a batch arrived. */
  readonly maxWaitMs: number;
  /**
   * Batches handled at once; unbounded if absent. Past it items wait, and the next batch grows (up to
   * maxSize and maxBytes) until one settles.
   */
  readonly maxInFlight?: number;
  /** Handles a batch; answers one result per item, in order. */
  readonly handle: (items: readonly T[]) => Promise<readonly R[]>;
  /** Called when a whole batch failed, before its items are retried one by one. */
  readonly onBatchFailure?: (error: unknown, size: number) => void;
}

/** Who waits for an item: its own promise, or its group's (one per group of items, however many). */
interface Waiter<R> {
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

interface Pending<T, R> {
  readonly item: T;
  readonly bytes: number;
  readonly urgent: boolean;
  readonly waiter: Waiter<R>;
}

/**
 * Settles once for a group of items: when the last has been handled, failing with the first failure.
 * One of these per group, not a promise and two closures per item: a bundle's items wait through the
 * worker's young-generation collections, which copy everything they hold.
 */
class GroupWaiter<R> implements Waiter<R> {
  private failure: { error: unknown } | undefined;

  constructor(
    private remaining: number,
    private readonly done: (failure: { error: unknown } | undefined) => void,
  ) {}

  resolve(): void {
    this.settleOne();
  }

  reject(error: unknown): void {
    this.failure ??= { error };
    this.settleOne();
  }

  private settleOne(): void {
    this.remaining--;
    if (this.remaining === 0) this.done(this.failure);
  }
}

/**
 * Gathers items handed over one at a time into batches. A failed batch is retried item by item,
 * so one poison item fails alone and the rest go through.
 */
export class MicroBatcher<T, R> {
  private pending: Pending<T, R>[] = [];
  private pendingBytes = 0;
  private urgentPending = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: MicroBatcherOptions<T, R>) {}

  /**
   * Resolves with the item's result once its batch is handled; `bytes` counts towards maxBytes. An
   * urgent item (someone waits for its result) goes with what waits now instead of after maxWaitMs.
   */
  add(item: T, bytes = 0, urgent = false): Promise<R> {
    return new Promise<R>((resolve, reject) => this.enqueue({ item, bytes, urgent, waiter: { resolve, reject } }));
  }

  /**
   * Adds items that settle together: resolves once every one has been handled, or rejects with the
   * first failure once every one has settled (so a retry never races a write still in flight).
   */
  async addAll(items: readonly T[], bytesEach = 0): Promise<void> {
    if (items.length === 0) return;
    const failure = await new Promise<{ error: unknown } | undefined>((settled) => {
      const waiter = new GroupWaiter<R>(items.length, settled);
      for (const item of items) this.enqueue({ item, bytes: bytesEach, urgent: false, waiter });
    });
    if (failure) throw failure.error;
  }

  private enqueue(entry: Pending<T, R>): void {
    this.pending.push(entry);
    this.pendingBytes += entry.bytes;
    if (entry.urgent) this.urgentPending++;
    if (this.due()) {
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
    }
  }

  /** Sends what is waiting now, and resolves when every batch in flight has settled. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.inFlight.size > 0) {
      this.flush();
      await Promise.race(this.inFlight);
    }
  }

  /** A batch should go now: a full one, or one with an urgent item. */
  private due(): boolean {
    return (
      this.urgentPending > 0 ||
      this.pending.length >= this.options.maxSize ||
      this.pendingBytes >= (this.options.maxBytes ?? Infinity)
    );
  }

  private flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0 || this.inFlight.size >= (this.options.maxInFlight ?? Infinity)) return;
    const batch = this.take();
    const run = this.run(batch).finally(() => {
      this.inFlight.delete(run);
      // What waited meanwhile goes now if it makes a batch; else its timer is running again.
      if (this.due()) this.flush();
      else if (this.pending.length > 0 && this.timer === undefined)
        this.timer = setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
    this.inFlight.add(run);
  }

  /** The oldest items, up to maxSize, or up to the one that reaches maxBytes. */
  private take(): Pending<T, R>[] {
    let count = 0;
    let bytes = 0;
    for (const entry of this.pending) {
      if (count >= this.options.maxSize || bytes >= (this.options.maxBytes ?? Infinity)) break;
      count++;
      bytes += entry.bytes;
    }
    const batch = this.pending.splice(0, count);
    this.pendingBytes -= bytes;
    this.urgentPending -= batch.filter((entry) => entry.urgent).length;
    return batch;
  }

  private async run(batch: readonly Pending<T, R>[]): Promise<void> {
    try {
      const results = await this.options.handle(batch.map((entry) => entry.item));
      batch.forEach((entry, index) => entry.waiter.resolve(results[index] as R));
      return;
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.waiter.reject(error);
        return;
      }
      this.options.onBatchFailure?.(error, batch.length);
    }
    for (const entry of batch) {
      try {
        const [result] = await this.options.handle([entry.item]);
        entry.waiter.resolve(result as R);
      } catch (error) {
        entry.waiter.reject(error);
      }
    }
  }
}
