import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';
import { countUpSlots, findDowntime } from './api-uptime';
import { historyStart, shareOfSlots, slotWindow } from './slot-window';
import { HOUR_MS, UPTIME_WINDOWS } from './timeframes';

export interface UptimeHistory {
  /** Hours since the latest down stretch ended (since monitoring began if none); 0 while down; null with no history. */
  readonly currentUptimeHours: number | null;
  readonly percent24h: number | null;
  readonly percent7d: number | null;
  readonly percent30d: number | null;
  /** Incidents opened in the last 30 days. */
  readonly incidents: number;
  readonly lastDowntime: Date | null;
}

async function incidentsOpened(db: Db, spanMs: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM incidents WHERE created_at >= now() - make_interval(secs => ${spanMs / 1000})`.execute(db);
  return rows[0]?.n ?? 0;
}

/** Uptime over 24 h, 7 d and 30 d from the API's samples, with the latest downtime and the incidents opened. */
export async function readUptimeHistory(db: Db, intervalMs: number, now = Date.now()): Promise<UptimeHistory> {
  const history = await historyStart(db);
  const windowOf = (span: number) => slotWindow(span, intervalMs, history, now);
  const day = windowOf(UPTIME_WINDOWS['24h']);
  const week = windowOf(UPTIME_WINDOWS['7d']);
  const month = windowOf(UPTIME_WINDOWS['30d']);
  const [[upDay = 0, upWeek = 0, upMonth = 0], downtime, incidents] = await Promise.all([
    countUpSlots(db, [day, week, month]),
    findDowntime(db, month),
    incidentsOpened(db, UPTIME_WINDOWS['30d']),
  ]);
  const hoursSince = (at: Date) => (now - at.getTime()) / HOUR_MS;
  return {
    currentUptimeHours: month.slots === 0 ? null : downtime.upSince ? hoursSince(downtime.upSince) : 0,
    percent24h: shareOfSlots(upDay, day),
    percent7d: shareOfSlots(upWeek, week),
    percent30d: shareOfSlots(upMonth, month),
    incidents,
    lastDowntime: downtime.lastDowntime,
  };
}
