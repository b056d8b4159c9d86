import { randomInt } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '@error-tracker/contracts/db/schema';
import type { BatchOutcome, OutboxEntry, PreparedEvent } from '../pipeline/batch-types';
import {
  coalesceByFingerprint,
  counterRows,
  minuteRows,
  type GroupBatch,
  type GroupRow,
  occurrenceRows,
  OCCURRENCES_PER_GROUP,
  outboxKind,
  resultFor,
  type UpsertedGroup,
} from './batch-rows';
import { arrayLiteral } from './array-param';
import { claimEventIds } from './claim-event-ids';
import { tallyBusyGroups } from './group-tallies';
import { GroupCreatedMeanwhile, type GroupWrite, upsertGroups } from './group-upsert';
import { json } from './json-param';

/** Creation races are settled by the group existing on the next attempt; a few cover any burst of new groups. */
const MAX_ATTEMPTS = 5;

/** Writes a batch of events in one transaction; an event_id already ingested is never counted twice. */
export async function writeBatch(db: Db, events: readonly PreparedEvent[]): Promise<BatchOutcome> {
  const outcome = await inTransaction(db, async (trx) => {
    const fresh = await claimEventIds(trx, events);
    // The first copy of a fresh id counts; a repeat in the same batch (an SDK retry) is a duplicate.
    const counted = new Set<string>();
    const firstCopies = events.filter((e) => {
      const id = e.event.event_id;
      if (!fresh.has(id) || counted.has(id)) return false;
      counted.add(id);
      return true;
    });
    const groups = coalesceByFingerprint(firstCopies);
    const upserted = await upsertGroups(trx, groups);
    await indexNewGroups(trx, upserted);
    const ids = new Map(upserted.map((group) => [group.fingerprint, group.id]));
    await writeRecentOccurrences(trx, groups, ids);
    await bumpCounters(trx, groups, ids);
    await bumpMinutes(trx, firstCopies);
    const tallied = await tallyBusy(trx, groups, upserted);
    const outbox = await writeOutbox(trx, groups, tallied);
    return { upserted: tallied, groups, outbox, counted: firstCopies.length };
  });

  const byFingerprint = new Map(outcome.upserted.map((group) => [group.fingerprint, group]));
  const creators = new Map(outcome.groups.map((g) => [g.row.fingerprint, g.events[0]?.event.event_id]));
  const missing = events.filter((e) => !byFingerprint.has(e.fingerprint)).map((e) => e.fingerprint);
  for (const group of await findGroups(db, missing)) byFingerprint.set(group.fingerprint, group);

  const results = events.map((event) => {
    const group = byFingerprint.get(event.fingerprint);
    if (!group) throw new Error(`group ${event.fingerprint} vanished during ingest`);
    return resultFor(event, group, creators.get(event.fingerprint));
  });
  return { results, outbox: outcome.outbox, duplicates: events.length - outcome.counted };
}

/**
 * Search rows for groups this batch created: the lower-cased text and the list filters, none of
 * which change after creation (status is kept in step by a trigger on errors).
 */
async function indexNewGroups(trx: Transaction<Database>, upserted: readonly UpsertedGroup[]): Promise<void> {
  const created = upserted.filter((group) => group.created).map((group) => group.id);
  if (created.length === 0) return;
  await sql`
    INSERT INTO error_search (error_id, document, project, environment, level, source, status)
    SELECT id, lower(exception_type || ' ' || message), project, environment, level, source, status
    FROM errors WHERE id = ANY(${arrayLiteral(created)}::bigint[]) ORDER BY id
    ON CONFLICT (error_id) DO NOTHING`.execute(trx);
}

/**
 * Keeps each group's newest five occurrences (by timestamp, then arrival) in its five slots of
 * recent_occurrences: the batch's newest events of a group are ranked with the ones its slots hold,
 * and each that makes the five takes the slot of one that no longer does, updated in place. No
 * insert-then-trim, no index entry per event (a HOT update, its old version pruned on the page). The
 * group rows are locked, so no other batch writes these slots meanwhile.
 */
async function writeRecentOccurrences(
  trx: Transaction<Database>,
  groups: readonly GroupBatch[],
  ids: ReadonlyMap<string, number>,
): Promise<void> {
  if (groups.length === 0) return;
  const errorIds = groups.map((group) => ids.get(group.row.fingerprint) as number);
  const rows = groups.flatMap((group, index) => occurrenceRows(group, errorIds[index] as number));
  // The slots held are read by primary key, group by group (OFFSET 0 keeps the planner from joining the
  // whole table instead: a scan of 1,000 groups' slots took longer than 300 probes).
  await sql`
    WITH incoming AS (
      SELECT * FROM ROWS FROM (jsonb_to_recordset(${json(rows)}) AS (
        error_id bigint, event_id uuid, timestamp timestamptz, received_at timestamptz, environment text, message text,
        level text, release text, request_url text, request_method text, request_headers jsonb, user_id text,
        extra jsonb, source_context jsonb, client_ip text, user_agent text)) WITH ORDINALITY AS x(
        error_id, event_id, timestamp, received_at, environment, message, level, release, request_url, request_method,
        request_headers, user_id, extra, source_context, client_ip, user_agent, ord)
    ), ranked AS (
      SELECT error_id, slot, ord,
             row_number() OVER (PARTITION BY error_id ORDER BY timestamp DESC, fresh DESC, seq DESC) AS rank
      FROM (
        SELECT r.error_id, r.slot, NULL::bigint AS ord, r.timestamp, false AS fresh, r.id AS seq
        FROM unnest(${arrayLiteral(errorIds)}::bigint[]) AS g(error_id)
        CROSS JOIN LATERAL (SELECT * FROM recent_occurrences r WHERE r.error_id = g.error_id OFFSET 0) AS r
        UNION ALL
        SELECT error_id, NULL::smallint, ord, timestamp, true, ord FROM incoming
      ) AS candidates
    ), kept AS (
      SELECT error_id, ord, row_number() OVER (PARTITION BY error_id ORDER BY ord) AS n
      FROM ranked WHERE ord IS NOT NULL AND rank <= ${OCCURRENCES_PER_GROUP}
    ), free AS (
      SELECT g.error_id, s.slot::smallint AS slot, row_number() OVER (PARTITION BY g.error_id ORDER BY s.slot) AS n
      FROM (SELECT DISTINCT error_id FROM kept) AS g CROSS JOIN generate_series(0, ${OCCURRENCES_PER_GROUP - 1}) AS s(slot)
      WHERE NOT EXISTS (
        SELECT 1 FROM ranked r WHERE r.error_id = g.error_id AND r.slot = s.slot AND r.rank <= ${OCCURRENCES_PER_GROUP})
    )
    INSERT INTO recent_occurrences AS r (error_id, slot, event_id, timestamp, received_at, environment, message, level, release,
                                        request_url, request_method, request_headers, user_id, extra, source_context,
                                        client_ip, user_agent)
    SELECT i.error_id, f.slot, i.event_id, i.timestamp, i.received_at, i.environment, i.message, i.level, i.release,
           i.request_url, i.request_method, i.request_headers, i.user_id, i.extra, i.source_context, i.client_ip, i.user_agent
    FROM kept k JOIN free f ON f.error_id = k.error_id AND f.n = k.n JOIN incoming i ON i.ord = k.ord
    ORDER BY i.error_id, f.slot
    ON CONFLICT (error_id, slot) DO UPDATE SET
      id = DEFAULT, event_id = excluded.event_id, timestamp = excluded.timestamp,
      received_at = excluded.received_at, environment = excluded.environment, message = excluded.message,
      level = excluded.level, release = excluded.release, request_url = excluded.request_url,
      request_method = excluded.request_method, request_headers = excluded.request_headers, user_id = excluded.user_id,
      extra = excluded.extra, source_context = excluded.source_context, client_ip = excluded.client_ip,
      user_agent = excluded.user_agent`.execute(trx);
}

async function bumpCounters(
  trx: Transaction<Database>,
  groups: readonly GroupBatch[],
  ids: ReadonlyMap<string, number>,
): Promise<void> {
  if (groups.length === 0) return;
  const rows = groups.flatMap((group) => counterRows(group, ids.get(group.row.fingerprint) as number));
  await sql`
    INSERT INTO error_counts AS c (error_id, hour, level, count)
    SELECT error_id, hour, level, n
    FROM jsonb_to_recordset(${json(rows)}) AS x(error_id bigint, hour timestamptz, level text, n bigint)
    ORDER BY error_id, hour, level
    ON CONFLICT (error_id, hour, level) DO UPDATE SET count = c.count + excluded.count`.execute(trx);
}

/** This process's shard of the per-minute counts (0–15): workers never queue on each other's rows. */
const MINUTE_SHARD = randomInt(16);

async function bumpMinutes(trx: Transaction<Database>, events: readonly PreparedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await sql`
    INSERT INTO event_minutes AS m (minute, project, environment, level, shard, count)
    SELECT minute, project, environment, level, ${MINUTE_SHARD}, n
    FROM jsonb_to_recordset(${json(minuteRows(events))}) AS x(minute timestamptz, project text, environment text, level text, n bigint)
    ORDER BY minute, project, environment, level
    ON CONFLICT (minute, project, environment, level, shard) DO UPDATE SET count = m.count + excluded.count`.execute(trx);
}

/** An outbox row per created or reopened group, naming the newest event that did it. */
async function writeOutbox(
  trx: Transaction<Database>,
  groups: readonly GroupBatch[],
  upserted: readonly UpsertedGroup[],
): Promise<OutboxEntry[]> {
  const byFingerprint = new Map(groups.map((group) => [group.row.fingerprint, group]));
  const rows = upserted.flatMap((group) => {
    const kind = outboxKind(group);
    const events = byFingerprint.get(group.fingerprint)?.events ?? [];
    const event = kind === 'new' ? events[0] : events[events.length - 1];
    return kind && event ? [{ error_id: group.id, event_id: event.event.event_id, kind }] : [];
  });
  if (rows.length === 0) return [];
  const { rows: inserted } = await sql<OutboxEntry>`
    INSERT INTO outbox (error_id, event_id, kind)
    SELECT error_id, event_id, kind FROM jsonb_to_recordset(${json(rows)}) AS x(error_id bigint, event_id uuid, kind text)
    RETURNING id, error_id, event_id, kind`.execute(trx);
  return inserted;
}

/** Runs the batch's transaction, again when another batch created one of its groups meanwhile (it exists then). */
async function inTransaction<T>(db: Db, work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(work);
    } catch (error) {
      if (!(error instanceof GroupCreatedMeanwhile) || attempt === MAX_ATTEMPTS) throw error;
    }
  }
}

/** Counts the busy groups in their tallies; answers every group with its count after the batch. */
async function tallyBusy(
  trx: Transaction<Database>,
  groups: readonly GroupBatch[],
  upserted: readonly GroupWrite[],
): Promise<UpsertedGroup[]> {
  const rows = new Map(groups.map((group) => [group.row.fingerprint, group.row]));
  const busy = upserted.flatMap((group) => {
    const row = rows.get(group.fingerprint) as GroupRow;
    return group.busy ? [{ id: group.id, n: row.n, lastSeen: row.last_seen }] : [];
  });
  const pending = await tallyBusyGroups(trx, busy);
  return upserted.map((group) => (group.busy ? { ...group, count: group.count + (pending.get(group.id) ?? 0) } : group));
}

/** Groups of events that were all duplicates, with their exact counts. */
async function findGroups(db: Db, fingerprints: readonly string[]): Promise<UpsertedGroup[]> {
  if (fingerprints.length === 0) return [];
  const rows = await db
    .selectFrom('errors')
    .innerJoin('error_totals', 'error_totals.error_id', 'errors.id')
    .select(['errors.id', 'errors.fingerprint', 'error_totals.count', 'errors.previous_status'])
    .where('errors.fingerprint', 'in', [...new Set(fingerprints)])
    .execute();
  return rows.map((row) => ({ ...row, created: false }));
}
