import { newErrorsStreamKey } from '@error-tracker/contracts/redis-keys';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createLogger } from '@error-tracker/runtime/logger';
import { type Db, type OutboxKind } from '@error-tracker/contracts/db/schema';
import { encodeNewErrorMessage } from '@error-tracker/contracts/new-error-message';
import { NOTIFIER_GROUP } from '@error-tracker/contracts/queues';
import { type Sandbox } from '../../../../test/support/sandbox';

export const quietLogger = createLogger('silent', 'notifier-test');

/** Short timings so retries, claims and digests happen within a test. */
export const FAST = {
  claimIdleMs: 400,
  retryBaseMs: 40,
  retryMaxMs: 200,
  digestFlushIntervalMs: 100,
  readBlockMs: 200,
} as const;

export interface GroupFields {
  project?: string;
  environment?: string;
  exception_type?: string;
  message?: string;
  culprit?: string | null;
  count?: number;
  first_seen?: Date;
  last_seen?: Date;
}

let fingerprints = 0;

/** A group row as the ingest worker would have written it. */
export async function insertGroup(db: Db, fields: GroupFields = {}): Promise<number> {
  const firstSeen = fields.first_seen ?? new Date(Date.UTC(2026, 10, 20, 9, 30, 0));
  const row = await db
    .insertInto('errors')
    .values({
      fingerprint: `${randomUUID().replace(/-/g, '')}`.slice(0, 32),
      project: fields.project ?? 'shop',
      environment: fields.environment ?? 'production',
      exception_type: fields.exception_type ?? 'ValueError',
      message: fields.message ?? `invalid input ${++fingerprints}`,
      traceback: null,
      frames: JSON.stringify([]),
      level: 'error',
      source: 'backend',
      culprit: fields.culprit === undefined ? 'create (app/views.py:42)' : fields.culprit,
      count: fields.count ?? 1,
      first_seen: firstSeen,
      last_seen: fields.last_seen ?? firstSeen,
      status: 'open',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface PublishedAlert {
  readonly streamId: string;
  readonly error_id: number;
  readonly event_id: string;
  readonly kind: OutboxKind;
}

/** What the ingest worker's outbox publisher does: an outbox row, then an entry on the stream. */
export async function publishAlert(
  { db, redis, redisPrefix }: Sandbox,
  errorId: number,
  kind: OutboxKind = 'new',
  eventId: string = randomUUID(),
): Promise<PublishedAlert> {
  const outbox = await db
    .insertInto('outbox')
    .values({ error_id: errorId, event_id: eventId, kind, sent_at: new Date() })
    .returning('id')
    .executeTakeFirstOrThrow();
  const streamId = await redis.xadd(
    newErrorsStreamKey(redisPrefix),
    '*',
    ...encodeNewErrorMessage({ outbox_id: outbox.id, error_id: errorId, event_id: eventId, kind }),
  );
  return { streamId: String(streamId), error_id: errorId, event_id: eventId, kind };
}

/** Entries read but not acknowledged, for the notifier group (0 when the group does not exist). */
export async function pendingCount({ redis, redisPrefix }: Sandbox): Promise<number> {
  try {
    const reply: unknown = await redis.xpending(newErrorsStreamKey(redisPrefix), NOTIFIER_GROUP);
    return Array.isArray(reply) ? Number(reply[0]) : 0;
  } catch (error) {
    if (String(error).includes('NOGROUP')) return 0;
    throw error;
  }
}

/** Every entry of the stream delivered to the notifier group and acknowledged. */
export async function streamSettled({ redis, redisPrefix }: Sandbox): Promise<boolean> {
  const key = newErrorsStreamKey(redisPrefix);
  try {
    const stream = fieldMap(await redis.xinfo('STREAM', key));
    const group = ((await redis.xinfo('GROUPS', key)) as unknown[]).map(fieldMap).find((g) => g.name === NOTIFIER_GROUP);
    if (group === undefined) return false;
    return group['last-delivered-id'] === stream['last-generated-id'] && Number(group.pending) === 0;
  } catch (error) {
    if (String(error).includes('no such key')) return false;
    throw error;
  }
}

function fieldMap(reply: unknown): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  if (!Array.isArray(reply)) return record;
  for (let i = 0; i + 1 < reply.length; i += 2) record[String(reply[i])] = reply[i + 1];
  return record;
}

/** Makes a notifier that died after reading: its entries stay pending under its name. */
export async function readAsDeadConsumer({ redis, redisPrefix }: Sandbox, consumer = 'dead-notifier'): Promise<string[]> {
  const key = newErrorsStreamKey(redisPrefix);
  await redis.xgroup('CREATE', key, NOTIFIER_GROUP, '0', 'MKSTREAM').catch(() => undefined);
  const reply: unknown = await redis.xreadgroup('GROUP', NOTIFIER_GROUP, consumer, 'COUNT', 100, 'STREAMS', key, '>');
  if (!Array.isArray(reply)) return [];
  const stream: unknown = reply[0];
  if (!Array.isArray(stream) || !Array.isArray(stream[1])) return [];
  return (stream[1] as unknown[]).map((entry) => String((entry as unknown[])[0]));
}

export async function notificationRows(db: Db) {
  const { rows } = await sql<{
    error_id: number;
    event_id: string;
    state: string;
    attempts: number;
    owner: string | null;
    kind: string;
  }>`
    SELECT error_id, event_id, state, attempts, owner, kind FROM notifications ORDER BY error_id, event_id`.execute(db);
  return rows;
}
