import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '@error-tracker/contracts/db/schema';
import { arrayLiteral } from './array-param';

/**
 * How long a busy group's events gather in its tally before they are added to `errors`; also how
 * close (in event time) a batch must come to the group's last event for the group to count as busy.
 */
export const TALLY_WINDOW_MS = 2_000;
/** How often each worker folds the tallies no batch folded: `errors` lags a busy group by the window and this at most. */
export const TALLY_SWEEP_MS = 1_000;
/** Tallies folded per sweep statement; the sweep repeats while it finds this many. */
const SWEEP_ROWS = 1_000;

const windowInterval = sql`make_interval(secs => ${TALLY_WINDOW_MS / 1_000})`;

export interface TallyRow {
  readonly id: number;
  readonly n: number;
  readonly lastSeen: string;
}

/**
 * Adds busy groups' events to their tallies, and folds each tally older than the window into its
 * group row. Answers what each tally held after the batch: what the group's count, as the caller
 * read it, lacks (folded or not). The caller holds the group rows (group-upsert.ts), so no other
 * batch or sweep changes these tallies meanwhile.
 */
export async function tallyBusyGroups(trx: Transaction<Database>, rows: readonly TallyRow[]): Promise<Map<number, number>> {
  if (rows.length === 0) return new Map();
  const sorted = [...rows].sort((a, b) => a.id - b.id);
  const { rows: tallies } = await sql<{ error_id: number; pending: number; due: boolean }>`
    INSERT INTO error_tallies AS t (error_id, pending, last_seen)
    SELECT * FROM unnest(${arrayLiteral(sorted.map((r) => r.id))}::bigint[], ${arrayLiteral(sorted.map((r) => r.n))}::bigint[],
                         ${arrayLiteral(sorted.map((r) => r.lastSeen))}::timestamptz[]) AS x(error_id, pending, last_seen)
    ORDER BY error_id
    ON CONFLICT (error_id) DO UPDATE SET pending = t.pending + excluded.pending, last_seen = GREATEST(t.last_seen, excluded.last_seen)
    RETURNING error_id, pending, since < now() - ${windowInterval} AS due`.execute(trx);
  const due = tallies.filter((t) => t.due).map((t) => t.error_id);
  if (due.length > 0) {
    const dueIds = arrayLiteral(due);
    // Both sides read the tallies as the upsert left them (one snapshot for the statement).
    await sql`
      WITH folded AS (
        UPDATE errors e SET count = e.count + t.pending, last_seen = GREATEST(e.last_seen, t.last_seen)
        FROM error_tallies t WHERE t.error_id = ANY(${dueIds}::bigint[]) AND e.id = t.error_id
      )
      DELETE FROM error_tallies WHERE error_id = ANY(${dueIds}::bigint[])`.execute(trx);
  }
  return new Map(tallies.map((t) => [t.error_id, t.pending]));
}

/**
 * Folds the tallies older than the window (`olderThanMs` 0: all, as a stopping worker does) that no
 * batch folded because their group went quiet, so `errors` lags by the window and a sweep at most.
 * Never waits for a lock: a tally or group another transaction holds (a batch counting it) is left
 * to that batch or the next sweep. Answers how many were folded.
 */
export async function foldStaleTallies(db: Db, olderThanMs = TALLY_WINDOW_MS): Promise<number> {
  for (let folded = 0; ;) {
    const { rows } = await sql<{ due: number; folded: number }>`
      WITH due AS (
        SELECT error_id, pending, last_seen FROM error_tallies WHERE since <= now() - make_interval(secs => ${olderThanMs / 1_000})
        ORDER BY error_id LIMIT ${SWEEP_ROWS} FOR UPDATE SKIP LOCKED
      ), free AS (
        SELECT e.id FROM errors e WHERE e.id IN (SELECT error_id FROM due) ORDER BY e.id FOR NO KEY UPDATE SKIP LOCKED
      ), folded AS (
        UPDATE errors e SET count = e.count + d.pending, last_seen = GREATEST(e.last_seen, d.last_seen)
        FROM due d WHERE e.id = d.error_id AND e.id IN (SELECT id FROM free)
        RETURNING e.id
      ), emptied AS (
        DELETE FROM error_tallies WHERE error_id IN (SELECT id FROM folded)
      )
      SELECT (SELECT count(*) FROM due)::int AS due, (SELECT count(*) FROM folded)::int AS folded`.execute(db);
    const round = rows[0] ?? { due: 0, folded: 0 };
    folded += round.folded;
    // A full round that folded every row it took may have left more; rows it skipped wait for the next sweep.
    if (round.due < SWEEP_ROWS || round.folded < round.due) return folded;
  }
}
