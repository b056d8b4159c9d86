/**
 * The bytes of job payloads a worker holds (fetched, waiting in a batch or being written). At the
 * budget it asks to stop fetching (`throttle(true)`), below it to go on: the jobs in hand, not their
 * count, bound the worker's memory.
 */
export class HeldBytes {
  private held = 0;

  constructor(
    readonly budget: number,
    private readonly throttle: (over: boolean) => void,
  ) {}

  get bytes(): number {
    return this.held;
  }

  take(bytes: number): void {
    this.held += bytes;
    if (this.held >= this.budget) this.throttle(true);
  }

  release(bytes: number): void {
    this.held -= bytes;
    if (this.held < this.budget) this.throttle(false);
  }
}
