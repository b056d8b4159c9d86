import { newErrorsStreamKey } from '@error-tracker/contracts/redis-keys';
import { type Kysely, sql } from 'kysely';
import type { RedisClient } from '@error-tracker/runtime/redis';
import { type Database, type Db } from '@error-tracker/contracts/db/schema';
import { type Logger } from '@error-tracker/runtime/logger';
import { retentionDeleted } from '../metrics';
import { type BatchOptions, deleteInBatches } from './batched-delete';
import {
  deleteFinishedDeliveries,
  deleteFinishedNotifications,
  deleteExpiredRecentOccurrences,
  deleteIngestedEvents,
  deleteResolvedGroups,
  deleteSentOutbox,
} from './purge-queries';
import { deleteExpiredSessions, deleteSpentInvitations } from './expired-access';
import { expirePartitions } from './expire-partitions';
import { trimStream } from './trim-stream';

/** Any constant works; it only has to be the same in every replica. */
const PURGE_LOCK_KEY = 7_342_915_001;
const DAY_MS = 86_400_000;

export interface PurgeSettings {
  readonly retentionDays: number;
  readonly redisPrefix: string;
  /** Groups per DELETE (each cascades to occurrences, counters, outbox, notifications). */
  readonly groupBatchSize: number;
  /** Rows per DELETE for the bookkeeping tables. */
  readonly rowBatchSize: number;
}

export const DEFAULT_BATCH_SIZES = { groupBatchSize: 1_000, rowBatchSize: 5_000 } as const;

/** What one pass removed; logged and returned. */
export interface PurgeReport {
  readonly ran: boolean;
  readonly groups: number;
  readonly ingestedEvents: number;
  /** Occurrences in groups' five slots received before the cutoff. */
  readonly recentOccurrences: number;
  /** Partitions made ahead, and dropped whole (occurrences, counters, dedupe, minutes, samples). */
  readonly partitionsCreated: number;
  readonly partitionsDropped: number;
  /** Expired rows deleted from those tables' default partitions. */
  readonly defaultRows: number;
  readonly outbox: number;
  readonly notifications: number;
  readonly deliveries: number;
  readonly sessions: number;
  readonly invitations: number;
  readonly streamEntries: number;
  readonly streamConsumers: number;
  readonly batches: number;
  readonly durationMs: number;
}

export interface PurgeDeps {
  readonly db: Db;
  readonly redis: RedisClient;
  readonly settings: PurgeSettings;
  readonly logger: Logger;
}

/**
 * One retention pass. A session advisory lock makes a second pass (a `retention --once` CronJob
 * while the scheduler's job runs) skip instead of deleting alongside.
 */
export async function runPurgePass(deps: PurgeDeps, options: BatchOptions = {}): Promise<PurgeReport> {
  const started = Date.now();
  return deps.db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`SELECT pg_try_advisory_lock(${PURGE_LOCK_KEY}) AS locked`.execute(conn);
    if (!rows[0]?.locked) {
      deps.logger.info('another retention pass is running; skipping this one');
      return { ...emptyReport(), durationMs: Date.now() - started };
    }
    try {
      const report = await purge(conn, deps, options);
      const result = { ...report, durationMs: Date.now() - started };
      deps.logger.info(result, 'retention pass finished');
      return result;
    } finally {
      // A broken connection releases the lock by itself.
      await sql`SELECT pg_advisory_unlock(${PURGE_LOCK_KEY})`.execute(conn).catch(() => undefined);
    }
  });
}

async function purge(conn: Kysely<Database>, deps: PurgeDeps, options: BatchOptions): Promise<Omit<PurgeReport, 'durationMs'>> {
  const { settings, logger } = deps;
  const { groupBatchSize: groupBatch, rowBatchSize: rowBatch } = settings;
  let batches = 0;
  const step = async (name: string, deleteBatch: () => Promise<number>): Promise<number> => {
    const result = await deleteInBatches(name, deleteBatch, options);
    batches += result.batches;
    retentionDeleted.inc({ what: name }, result.deleted);
    logger.info({ step: name, deleted: result.deleted, batches: result.batches }, 'retention step done');
    return result.deleted;
  };

  const groups = await step('groups', () => deleteResolvedGroups(conn, settings.retentionDays, groupBatch));
  const ingestedEvents = await step('ingested_events', () => deleteIngestedEvents(conn, 24, rowBatch));
  const recentOccurrences = await step('recent_occurrences', () =>
    deleteExpiredRecentOccurrences(conn, settings.retentionDays, rowBatch),
  );
  const partitions = await expirePartitions(conn, {
    retentionDays: settings.retentionDays,
    rowBatchSize: rowBatch,
    logger,
    step,
    signal: options.signal,
  });
  const outbox = await step('outbox', () => deleteSentOutbox(conn, 24, rowBatch));
  const notifications = await step('notifications', () => deleteFinishedNotifications(conn, 30, rowBatch));
  const deliveries = await step('alert_deliveries', () => deleteFinishedDeliveries(conn, 30 * 24, rowBatch));
  const sessions = await step('sessions', () => deleteExpiredSessions(conn, rowBatch));
  const invitations = await step('invitations', () => deleteSpentInvitations(conn, rowBatch));

  const stream = await trimStream(deps.redis, newErrorsStreamKey(settings.redisPrefix), {
    keepMs: DAY_MS,
    consumerIdleMs: DAY_MS,
  });
  retentionDeleted.inc({ what: 'stream_entries' }, stream.entries);
  logger.info({ step: 'stream', trimmed: stream.entries, consumersRemoved: stream.consumers }, 'retention step done');

  return {
    ran: true,
    groups,
    ingestedEvents,
    recentOccurrences,
    ...partitions,
    outbox,
    notifications,
    deliveries,
    sessions,
    invitations,
    streamEntries: stream.entries,
    streamConsumers: stream.consumers,
    batches,
  };
}

function emptyReport(): Omit<PurgeReport, 'durationMs'> {
  return {
    ran: false,
    groups: 0,
    ingestedEvents: 0,
    recentOccurrences: 0,
    partitionsCreated: 0,
    partitionsDropped: 0,
    defaultRows: 0,
    outbox: 0,
    notifications: 0,
    deliveries: 0,
    sessions: 0,
    invitations: 0,
    streamEntries: 0,
    streamConsumers: 0,
    batches: 0,
  };
}
