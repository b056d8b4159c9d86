/** The start (ms since the epoch) of the sample slot `at` falls in: slots are interval-long, aligned to the epoch. */
export function slotStart(at: number, intervalMs: number): number {
  return Math.floor(at / intervalMs) * intervalMs;
}

/**
 * How long to wait for the next sample: the middle of the current slot if it has none yet (at once
 * if that is past), else the middle of the next. Mid-slot samples land in their own slot whatever
 * the timer's jitter, so no slot is doubled, and a late timer still samples the slot it is in.
 */
export function delayToNextSample(now: number, intervalMs: number, lastSlot: number | undefined): number {
  const current = slotStart(now, intervalMs);
  if (lastSlot === undefined || current > lastSlot) return Math.max(0, current + intervalMs / 2 - now);
  return lastSlot + intervalMs + intervalMs / 2 - now;
}
