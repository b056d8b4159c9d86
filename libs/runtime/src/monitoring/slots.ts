/** The start (ms since the epoch) of the sample slot `at` falls in: slots are interval-long, aligned to the epoch. */
export function slotStart(at: number, intervalMs: number): number {
  return Math.floor(at / intervalMs) * intervalMs;
}

/**
 * How long to wait for the middle of the first slot after `lastSlot`: sampling mid-slot puts each
 * sample in its own slot whatever the timer's jitter or drift, so no slot is skipped or doubled.
 */
export function delayToNextSample(now: number, intervalMs: number, lastSlot: number | undefined): number {
  const current = slotStart(now, intervalMs);
  const slot = lastSlot === undefined || current > lastSlot ? current : lastSlot + intervalMs;
  const middle = slot + intervalMs / 2;
  return middle >= now ? middle - now : middle + intervalMs - now;
}
