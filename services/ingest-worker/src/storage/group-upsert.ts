import { sql, type Transaction } from 'kysely';
import type { Database, ErrorStatus } from '@error-tracker/contracts/db/schema';
import type { PreparedEvent } from '../pipeline/batch-types';
import { framesOf } from '../pipeline/prepare-event';
import { arrayLiteral } from './array-param';
import type { GroupBatch, UpsertedGroup } from './batch-rows';
import { TALLY_WINDOW_MS } from './group-tallies';
import { json } from './json-param';

/** A group the batch counts. A busy one's events are left to its tally: its `count` is the row's, without them. */
export interface GroupWrite extends UpsertedGroup {
  readonly busy: boolean;
}

interface FoundGroup {
  readonly id: number;
  readonly fingerprint: string;
  readonly count: number;
  readonly status: ErrorStatus;
  /** Epoch milliseconds (as a Date would hold them), read as numbers: a Date parsed per group was 5% of the worker's allocation. */
  readonly first_seen_ms: number;
  readonly last_seen_ms: number;
}

/**
 * Locks the batch's groups (FOR NO KEY UPDATE, in fingerprint order as the previous version's upsert
 * locked them), then creates the missing ones. A group is thus written by one batch at a time: its
 * occurrences are trimmed exactly, its tally is never contended, and no two batches deadlock.
 * The wide row itself is written only for a group created, reopened, seen before its first_seen or
 * quiet (its last event and the batch's newest further apart than the tally window); a busy group's
 * events go to its tally (group-tallies.ts), a narrow row updated in place.
 */
export async function upsertGroups(trx: Transaction<Database>, groups: readonly GroupBatch[]): Promise<GroupWrite[]> {
  if (groups.length === 0) return [];
  const found = await lockGroups(
    trx,
    groups.map((g) => g.row.fingerprint),
  );
  const created = await createMissing(
    trx,
    groups.filter((g) => !found.has(g.row.fingerprint)),
  );
  const direct: Array<{ group: FoundGroup; batch: GroupBatch }> = [];
  const tallied: GroupWrite[] = [];
  for (const batch of groups) {
    const group = found.get(batch.row.fingerprint);
    if (!group) continue;
    if (!isBusy(group, batch)) {
      direct.push({ group, batch });
      continue;
    }
    const { id, fingerprint, count } = group;
    tallied.push({ id, fingerprint, count, created: false, previous_status: null, busy: true });
  }
  return [...created, ...(await writeDirect(trx, direct)), ...tallied];
}

function isBusy(group: FoundGroup, batch: GroupBatch): boolean {
  if (group.status === 'resolved' || group.first_seen_ms > Date.parse(batch.row.first_seen)) return false;
  return Math.abs(Date.parse(batch.row.last_seen) - group.last_seen_ms) < TALLY_WINDOW_MS;
}

async function lockGroups(trx: Transaction<Database>, fingerprints: readonly string[]): Promise<Map<string, FoundGroup>> {
  const { rows } = await sql<FoundGroup>`
    SELECT id, fingerprint, count, status,
           floor(extract(epoch FROM first_seen) * 1000)::float8 AS first_seen_ms,
           floor(extract(epoch FROM last_seen) * 1000)::float8 AS last_seen_ms
    FROM errors
    WHERE fingerprint = ANY(${arrayLiteral([...fingerprints].sort())}::bpchar[])
    ORDER BY fingerprint FOR NO KEY UPDATE`.execute(trx);
  return new Map(rows.map((row) => [row.fingerprint, row]));
}

/**
 * Another transaction created a group this batch was about to create. Locking it now would be the one
 * wait out of fingerprint order (a deadlock with a batch holding it and waiting for one of ours), so
 * the batch's transaction is run again instead, and finds the group.
 */
export class GroupCreatedMeanwhile extends Error {
  constructor(fingerprints: readonly string[]) {
    super(`groups created by another batch meanwhile: ${fingerprints.join(', ')}`);
    this.name = 'GroupCreatedMeanwhile';
  }
}

/** Inserts the groups not found, in fingerprint order (waiting for another batch inserting the same one). */
async function createMissing(trx: Transaction<Database>, missing: readonly GroupBatch[]): Promise<GroupWrite[]> {
  if (missing.length === 0) return [];
  const { rows } = await sql<UpsertedGroup>`
    INSERT INTO errors AS e (fingerprint, project, environment, exception_type, message, traceback, frames,
                             level, source, culprit, count, first_seen, last_seen, status)
    SELECT fingerprint, project, environment, exception_type, message, traceback, frames,
           level, source, culprit, n, first_seen, last_seen, 'open'
    FROM jsonb_to_recordset(${json(missing.map((g) => ({ ...g.row, frames: framesOf((g.events[0] as PreparedEvent).event) })))}) AS x(
      fingerprint text, project text, environment text, exception_type text, message text, traceback text,
      frames jsonb, level text, source text, culprit text, n bigint, first_seen timestamptz, last_seen timestamptz)
    ORDER BY fingerprint
    ON CONFLICT (fingerprint) DO NOTHING
    RETURNING id, fingerprint, count, true AS created, previous_status`.execute(trx);
  if (rows.length < missing.length) {
    const made = new Set(rows.map((row) => row.fingerprint));
    throw new GroupCreatedMeanwhile(missing.filter((g) => !made.has(g.row.fingerprint)).map((g) => g.row.fingerprint));
  }
  return rows.map((row) => ({ ...row, busy: false }));
}

/**
 * Adds counts to the wide rows (locked already) and reopens resolved groups, as the previous version's
 * upsert did. Answers each group's exact count: with what its tally still holds from a busy spell.
 */
async function writeDirect(
  trx: Transaction<Database>,
  direct: ReadonlyArray<{ group: FoundGroup; batch: GroupBatch }>,
): Promise<GroupWrite[]> {
  if (direct.length === 0) return [];
  const rows = direct.map(({ group, batch }) => ({
    id: group.id,
    n: batch.row.n,
    first_seen: batch.row.first_seen,
    last_seen: batch.row.last_seen,
  }));
  const { rows: written } = await sql<UpsertedGroup>`
    UPDATE errors AS e SET
      count = e.count + x.n,
      first_seen = LEAST(e.first_seen, x.first_seen),
      last_seen = GREATEST(e.last_seen, x.last_seen),
      previous_status = e.status,
      status = CASE WHEN e.status = 'resolved' THEN 'open' ELSE e.status END,
      resolved_at = CASE WHEN e.status = 'resolved' THEN NULL ELSE e.resolved_at END
    FROM jsonb_to_recordset(${json(rows)}) AS x(id bigint, n bigint, first_seen timestamptz, last_seen timestamptz)
    WHERE e.id = x.id
    RETURNING e.id, e.fingerprint, e.count + coalesce((SELECT t.pending FROM error_tallies t WHERE t.error_id = e.id), 0) AS count,
              false AS created, e.previous_status`.execute(trx);
  return written.map((row) => ({ ...row, busy: false }));
}
