import { sleep } from '@error-tracker/runtime/retry';
import { runLoad } from './api-throughput';

export interface Capacity {
  readonly acceptedPerSecond: number;
  readonly committedPerSecond: number;
  /** The lower of the two: what the pipeline sustains. */
  readonly perSecond: number;
}

/**
 * Closed-loop load (as fast as the API answers) for `seconds` with the workers running: what the API
 * accepted per second, and what reached PostgreSQL per second meanwhile. Waits for the queue to drain after.
 */
export async function measureCapacity(
  url: string,
  seconds: number,
  committed: () => Promise<number>,
  queued: () => Promise<number>,
): Promise<Capacity> {
  const before = await committed();
  const started = Date.now();
  const load = await runLoad({ url, seconds, connections: 64 });
  const acceptedPerSecond = Math.round((load.requests - load.non2xx) / seconds);
  const committedPerSecond = Math.round(((await committed()) - before) / ((Date.now() - started) / 1000));
  while ((await queued()) > 0) await sleep(500);
  return { acceptedPerSecond, committedPerSecond, perSecond: Math.min(acceptedPerSecond, committedPerSecond) };
}
