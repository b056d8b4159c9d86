import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';
import { slotStart } from '@error-tracker/runtime/monitoring/slots';

/**
 * The completed sample slots of a window: from its start (or the first sample any process recorded,
 * if later) up to the slot now is in, which is not over yet.
 */
export interface SlotWindow {
  readonly intervalMs: number;
  /** The first slot counted. */
  readonly from: Date;
  /** The current slot: not counted. */
  readonly until: Date;
  /** How many slots the window holds; 0 before any history. */
  readonly slots: number;
}

/** When monitoring began: the oldest sample kept. */
export async function historyStart(db: Db): Promise<Date | undefined> {
  const row = await db.selectFrom('monitoring_samples').select('slot').orderBy('slot').limit(1).executeTakeFirst();
  return row?.slot;
}

export function slotWindow(spanMs: number, intervalMs: number, history: Date | undefined, now = Date.now()): SlotWindow {
  const until = slotStart(now, intervalMs);
  const windowStart = slotStart(now - spanMs, intervalMs);
  const from = history === undefined ? until : Math.max(windowStart, history.getTime());
  return {
    intervalMs,
    from: new Date(from),
    until: new Date(until),
    slots: Math.max(0, Math.floor((until - from) / intervalMs)),
  };
}

/** `part` of the window's slots, in percent; null when the window holds none. */
export function shareOfSlots(part: number, window: SlotWindow): number | null {
  return window.slots === 0 ? null : (100 * Math.min(part, window.slots)) / window.slots;
}

/** An interval of `ms` as SQL. */
export const millis = (ms: number) => sql`make_interval(secs => ${ms / 1000})`;
