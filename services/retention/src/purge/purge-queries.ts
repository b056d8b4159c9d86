import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '@error-tracker/contracts/db/schema';

type Conn = Kysely<Database>;

async function affected(query: RawBuilder<unknown>, db: Conn): Promise<number> {
  const result = await query.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Resolved groups last seen before the cutoff; occurrences, counters, outbox and notifications go
 * with them (ON DELETE CASCADE). Rows an ingest batch holds are skipped, not waited for: a group
 * being reopened right now must not be deleted, and ingest must never wait on the purge.
 */
export function deleteResolvedGroups(db: Conn, retentionDays: number, limit: number): Promise<number> {
  return affected(
    sql`
      DELETE FROM errors WHERE id IN (
        SELECT id FROM errors
        WHERE status = 'resolved' AND last_seen < now() - make_interval(days => ${retentionDays})
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )`,
    db,
  );
}

/**
 * Occurrences in a group's five slots received before the retention cutoff (a group that went quiet
 * keeps its last five until then). The table has no index on received_at, which would stop the
 * ingest worker's in-place (HOT) updates; it holds five rows a group at most, read through here.
 */
export function deleteExpiredRecentOccurrences(db: Conn, retentionDays: number, limit: number): Promise<number> {
  return affected(
    sql`
      DELETE FROM recent_occurrences WHERE (error_id, slot) IN (
        SELECT error_id, slot FROM recent_occurrences
        WHERE received_at < now() - make_interval(days => ${retentionDays})
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )`,
    db,
  );
}

/** Up to `limit` rows of a table keyed by one column whose timestamp is older than `hours`; held rows are skipped. */
function deleteOlderThan(
  db: Conn,
  table: 'ingested_events' | 'outbox' | 'alert_deliveries',
  key: string,
  at: string,
  hours: number,
  limit: number,
) {
  const [tableRef, keyRef, atRef] = [sql.table(table), sql.ref(key), sql.ref(at)];
  return affected(
    sql`
      DELETE FROM ${tableRef} WHERE ${keyRef} IN (
        SELECT ${keyRef} FROM ${tableRef}
        WHERE ${atRef} < now() - make_interval(hours => ${hours})
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      )`,
    db,
  );
}

/**
 * The pre-partitioning dedupe table (ingest_dedupe took over): rows older than a day. Only workers of
 * the previous version still claim events there, during an upgrade.
 */
export function deleteIngestedEvents(db: Conn, olderThanHours: number, limit: number): Promise<number> {
  return deleteOlderThan(db, 'ingested_events', 'event_id', 'ingested_at', olderThanHours, limit);
}

/** Outbox rows already published to the stream; unsent rows (sent_at NULL) stay for the sweeper. */
export function deleteSentOutbox(db: Conn, olderThanHours: number, limit: number): Promise<number> {
  return deleteOlderThan(db, 'outbox', 'id', 'sent_at', olderThanHours, limit);
}

/** Finished alert records, long after their stream entries are gone (the dedupe no longer needs them). */
export function deleteFinishedNotifications(db: Conn, olderThanDays: number, limit: number): Promise<number> {
  return affected(
    sql`
      DELETE FROM notifications AS n USING (
        SELECT error_id, event_id FROM notifications
        WHERE state IN ('sent', 'failed') AND created_at < now() - make_interval(days => ${olderThanDays})
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ) AS old
      WHERE n.error_id = old.error_id AND n.event_id = old.event_id`,
    db,
  );
}

/** Alert deliveries done (sent or given up) long ago: rule state keeps what the API shows. */
export function deleteFinishedDeliveries(db: Conn, olderThanHours: number, limit: number): Promise<number> {
  return deleteOlderThan(db, 'alert_deliveries', 'id', 'sent_at', olderThanHours, limit);
}
