import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';
import { millis, type SlotWindow } from './slot-window';

/** A slot is up when an API instance recorded a sample in it and PostgreSQL and Redis answered that sample's checks. */
const UP_SAMPLE = sql`roles @> ARRAY['api']::text[] AND postgres_ok AND redis_ok`;

/** How many of each window's slots were up (the windows end at the same slot). */
export async function countUpSlots(db: Db, windows: readonly SlotWindow[]): Promise<number[]> {
  if (windows.length === 0) return [];
  const earliest = new Date(Math.min(...windows.map((w) => w.from.getTime())));
  const counts = windows.map((w, i) => sql`count(DISTINCT slot) FILTER (WHERE slot >= ${w.from})::int AS ${sql.ref(`w${i}`)}`);
  const { rows } = await sql<Record<string, number>>`
    SELECT ${sql.join(counts)}
    FROM monitoring_samples
    WHERE ${UP_SAMPLE} AND slot >= ${earliest} AND slot < ${windows[0]!.until}`.execute(db);
  return windows.map((_, i) => rows[0]?.[`w${i}`] ?? 0);
}

export interface Downtime {
  /** When the latest down stretch began; null when every slot of the window was up. */
  readonly lastDowntime: Date | null;
  /** Since when every slot has been up; null while down (or with no history). */
  readonly upSince: Date | null;
}

interface Runs {
  readonly first_up: Date | null;
  readonly last_up: Date | null;
  /** The first up slot after the latest stretch of down slots. */
  readonly recovered_at: Date | null;
  /** The last up slot before it. */
  readonly down_after: Date | null;
}

/** The latest down stretch inside the window, found from the gaps between up slots. */
export async function findDowntime(db: Db, window: SlotWindow): Promise<Downtime> {
  if (window.slots === 0) return { lastDowntime: null, upSince: null };
  const { rows } = await sql<Runs>`
    WITH up AS (
      SELECT DISTINCT slot FROM monitoring_samples
      WHERE ${UP_SAMPLE} AND slot >= ${window.from} AND slot < ${window.until}
    ),
    runs AS (SELECT slot, lag(slot) OVER (ORDER BY slot) AS previous FROM up)
    SELECT min(slot) AS first_up, max(slot) AS last_up,
           max(slot) FILTER (WHERE slot - previous > ${millis(window.intervalMs)}) AS recovered_at,
           (array_agg(previous ORDER BY slot DESC) FILTER (WHERE slot - previous > ${millis(window.intervalMs)}))[1] AS down_after
    FROM runs`.execute(db);
  return downtimeOf(window, rows[0]);
}

function downtimeOf(window: SlotWindow, runs: Runs | undefined): Downtime {
  const after = (slot: Date) => new Date(slot.getTime() + window.intervalMs);
  const lastSlot = window.until.getTime() - window.intervalMs;
  if (!runs?.last_up || !runs.first_up) return { lastDowntime: window.from, upSince: null };
  if (runs.last_up.getTime() < lastSlot) return { lastDowntime: after(runs.last_up), upSince: null };
  if (runs.recovered_at && runs.down_after) return { lastDowntime: after(runs.down_after), upSince: runs.recovered_at };
  if (runs.first_up.getTime() > window.from.getTime()) return { lastDowntime: window.from, upSince: runs.first_up };
  return { lastDowntime: null, upSince: runs.first_up };
}
