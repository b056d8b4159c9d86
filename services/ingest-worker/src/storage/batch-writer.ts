import { randomInt } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import { PARTITIONED_TABLES } from '@error-tracker/contracts/db/partitioned-tables';
import type { Database, Db } from '@error-tracker/contracts/db/schema';
import { storableJson } from '@error-tracker/contracts/db/storable-text';
import { periodStart } from '@error-tracker/runtime/partitions/period';
import type { BatchOutcome, OutboxEntry, PreparedEvent } from '../pipeline/batch-types';
import {
  coalesceByFingerprint,
  counterRows,
  minuteRows,
  type GroupBatch,
  OCCURRENCES_PER_GROUP,
  occurrenceRows,
  outboxKind,
  resultFor,
  type UpsertedGroup,
} from './batch-rows';
import { claimEventIds } from './claim-event-ids';

// Every string is made storable here, whatever path the event came by (API, batch, Sentry).
const json = (value: unknown) => sql`${storableJson(value)}::jsonb`;

/** Writes a batch of events in one transaction; an event_id already ingested is never counted twice. */
export async function writeBatch(db: Db, events: readonly PreparedEvent[]): Promise<BatchOutcome> {
  const outcome = await db.transaction().execute(async (trx) => {
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
    await insertOccurrences(trx, groups, ids);
    await bumpCounters(trx, groups, ids);
    await bumpMinutes(trx, firstCopies);
    const outbox = await writeOutbox(trx, groups, upserted);
    return { upserted, groups, outbox, counted: firstCopies.length };
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

/** One statement for the batch; rows are locked in fingerprint order so workers never deadlock. */
async function upsertGroups(trx: Transaction<Database>, groups: readonly GroupBatch[]): Promise<UpsertedGroup[]> {
  if (groups.length === 0) return [];
  const { rows } = await sql<UpsertedGroup>`
    INSERT INTO errors AS e (fingerprint, project, environment, exception_type, message, traceback, frames,
                             level, source, culprit, count, first_seen, last_seen, status)
    SELECT fingerprint, project, environment, exception_type, message, traceback, frames,
           level, source, culprit, n, first_seen, last_seen, 'open'
    FROM jsonb_to_recordset(${json(groups.map((g) => g.row))}) AS x(
      fingerprint text, project text, environment text, exception_type text, message text, traceback text,
      frames jsonb, level text, source text, culprit text, n bigint, first_seen timestamptz, last_seen timestamptz)
    ORDER BY fingerprint
    ON CONFLICT (fingerprint) DO UPDATE SET
      count = e.count + excluded.count,
      first_seen = LEAST(e.first_seen, excluded.first_seen),
      last_seen = GREATEST(e.last_seen, excluded.last_seen),
      previous_status = e.status,
      status = CASE WHEN e.status = 'resolved' THEN 'open' ELSE e.status END,
      resolved_at = CASE WHEN e.status = 'resolved' THEN NULL ELSE e.resolved_at END
    RETURNING id, fingerprint, count, (xmax = 0) AS created, previous_status`.execute(trx);
  return rows;
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
    FROM errors WHERE id = ANY(${created}::bigint[]) ORDER BY id
    ON CONFLICT (error_id) DO NOTHING`.execute(trx);
}

/** Inserts the batch's newest occurrences, then trims every touched group to the newest five. */
async function insertOccurrences(
  trx: Transaction<Database>,
  groups: readonly GroupBatch[],
  ids: ReadonlyMap<string, number>,
): Promise<void> {
  if (groups.length === 0) return;
  const rows = groups.flatMap((group) => occurrenceRows(group, ids.get(group.row.fingerprint) as number));
  await sql`
    INSERT INTO error_occurrences (error_id, event_id, timestamp, received_at, environment, message, level, release,
                                   request_url, request_method, request_headers, user_id, extra, source_context,
                                   client_ip, user_agent)
    SELECT * FROM jsonb_to_recordset(${json(rows)}) AS x(
      error_id bigint, event_id uuid, timestamp timestamptz, received_at timestamptz, environment text, message text,
      level text, release text, request_url text, request_method text, request_headers jsonb, user_id text,
      extra jsonb, source_context jsonb, client_ip text, user_agent text)`.execute(trx);
  const errorIds = [...ids.values()];
  const since = trimmedSince(groups);
  // Matched by group and partition key (occurrences are partitioned by received_at and have no id index).
  await sql`
    DELETE FROM error_occurrences o USING (
      SELECT g.error_id, old.id, old.received_at FROM unnest(${errorIds}::bigint[]) AS g(error_id)
      CROSS JOIN LATERAL (
        SELECT id, received_at FROM error_occurrences o WHERE o.error_id = g.error_id AND o.received_at >= ${since}
        ORDER BY o.timestamp DESC, o.id DESC OFFSET ${OCCURRENCES_PER_GROUP}
      ) AS old
    ) AS old
    WHERE o.error_id = old.error_id AND o.id = old.id AND o.received_at = old.received_at AND o.received_at >= ${since}`.execute(
    trx,
  );
}

const OCCURRENCE_PERIOD = PARTITIONED_TABLES.find((t) => t.table === 'error_occurrences')?.period ?? 'week';

/**
 * Trims reach back to the start of the week the batch's earliest event was received in: the
 * partitions it writes. Reading every week's partition for every group cost three times the old
 * trim; a group keeps its newest five per week it had events in, until retention drops the week,
 * and reads still show the newest five of all.
 */
function trimmedSince(groups: readonly GroupBatch[]): Date {
  const earliest = Math.min(...groups.flatMap((group) => group.events.map((e) => Date.parse(e.event.received_at))));
  return periodStart(OCCURRENCE_PERIOD, new Date(earliest));
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

async function findGroups(db: Db, fingerprints: readonly string[]): Promise<UpsertedGroup[]> {
  if (fingerprints.length === 0) return [];
  const rows = await db
    .selectFrom('errors')
    .select(['id', 'fingerprint', 'count', 'previous_status'])
    .where('fingerprint', 'in', [...new Set(fingerprints)])
    .execute();
  return rows.map((row) => ({ ...row, created: false }));
}
