import { setTimeout as delay } from 'node:timers/promises';

/** Exponential backoff with jitter: base·2^attempt, capped, then between half and all of it. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Sleeps, or returns early once the signal aborts (stopping is not an error). */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return;
  try {
    await delay(ms, undefined, signal ? { signal } : undefined);
  } catch {
    // aborted
  }
}
