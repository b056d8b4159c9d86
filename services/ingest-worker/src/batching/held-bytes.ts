/**
 * The bytes of job payloads a worker holds, from the moment a job is fetched until it settles. At
 * the budget it asks to stop fetching (`throttle(true)`), below it to go on: the bytes in hand, not
 * the job count, bound the worker's memory.
 */
export class HeldBytes {
  private held = 0;
  private readonly jobs = new Map<string, number>();

  constructor(
    readonly budget: number,
    private readonly throttle: (over: boolean) => void,
  ) {}

  get bytes(): number {
    return this.held;
  }

  /** The job's size as taken, 0 for one not taken. */
  sizeOf(jobId: string | undefined): number {
    return jobId === undefined ? 0 : (this.jobs.get(jobId) ?? 0);
  }

  take(jobId: string, bytes: number): void {
    this.release(jobId);
    this.jobs.set(jobId, bytes);
    this.held += bytes;
    if (this.held >= this.budget) this.throttle(true);
  }

  /** Idempotent: a job released twice (processed, then reported failed) counts once. */
  release(jobId: string | undefined): void {
    if (jobId === undefined) return;
    const bytes = this.jobs.get(jobId);
    if (bytes === undefined) return;
    this.jobs.delete(jobId);
    this.held -= bytes;
    if (this.held < this.budget) this.throttle(false);
  }
}

/**
 * A job's key in HeldBytes (its Redis key): BullMQ numbers jobs per queue, and a worker takes jobs
 * from one queue per ingest shard.
 */
export function heldKey(queueQualifiedName: string, jobId: string | undefined): string | undefined {
  return jobId === undefined ? undefined : `${queueQualifiedName}:${jobId}`;
}
