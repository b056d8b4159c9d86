import { type RawBuilder, sql } from 'kysely';
import type { Db, Level, NotificationState, OutboxKind } from '@error-tracker/contracts/db/schema';
import type { NewErrorMessage } from '@error-tracker/contracts/new-error-message';

/** What an alert email shows about a group, read when the email is rendered. */
export interface AlertGroup {
  readonly id: number;
  readonly project: string;
  readonly environment: string;
  readonly exception_type: string;
  readonly message: string;
  readonly culprit: string | null;
  readonly level: Level;
  readonly count: number;
  readonly first_seen: Date;
  readonly last_seen: Date;
}

export interface AlertKey {
  readonly error_id: number;
  readonly event_id: string;
}

export interface QueuedAlert extends AlertKey {
  readonly kind: OutboxKind;
  readonly stream_id: string;
}

export type ClaimResult =
  /** Ours to send; fresh unless we took over a dead notifier's expired claim. */
  | { readonly outcome: 'claimed'; readonly fresh: boolean }
  /** Sent or given up already: acknowledge the entry, send nothing. */
  | { readonly outcome: 'done'; readonly state: NotificationState }
  /** Another notifier holds it, or it waits for the digest: leave the entry pending. */
  | { readonly outcome: 'busy'; readonly state: NotificationState }
  /** The group was deleted meanwhile. */
  | { readonly outcome: 'gone' };

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * The notifications table: an alert is claimed under a lease before it is sent and marked sent
 * right after the mail server accepted it, before its stream entry is acknowledged.
 */
export class NotificationRepository {
  constructor(
    private readonly db: Db,
    private readonly owner: string,
    private readonly leaseMs: number,
  ) {}

  async loadGroups(ids: readonly number[]): Promise<Map<number, AlertGroup>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('errors')
      .select([
        'id',
        'project',
        'environment',
        'exception_type',
        'message',
        'culprit',
        'level',
        'count',
        'first_seen',
        'last_seen',
      ])
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((row) => [row.id, row]));
  }

  async claim(message: NewErrorMessage, streamId: string): Promise<ClaimResult> {
    let claimed: { fresh: boolean; queued_at: Date | null } | undefined;
    try {
      const { rows } = await sql<{ fresh: boolean; queued_at: Date | null }>`
        INSERT INTO notifications AS n (error_id, event_id, kind, state, stream_id, owner, lease_until)
        VALUES (${message.error_id}, ${message.event_id}, ${message.kind}, 'sending', ${streamId}, ${this.owner}, ${this.leaseEnd()})
        ON CONFLICT (error_id, event_id) DO UPDATE
          SET owner = excluded.owner, lease_until = excluded.lease_until, stream_id = excluded.stream_id
          WHERE n.state = 'sending' AND (n.lease_until IS NULL OR n.lease_until < now())
        RETURNING (xmax = 0) AS fresh, queued_at`.execute(this.db);
      claimed = rows[0];
    } catch (error) {
      if (isForeignKeyViolation(error)) return { outcome: 'gone' };
      throw error;
    }

    if (claimed?.fresh) return { outcome: 'claimed', fresh: true };
    if (claimed) {
      // A dead notifier's digest send: back to the digest, never an email of its own.
      if (claimed.queued_at !== null) {
        await this.update([message], sql`state = 'queued', owner = NULL, lease_until = NULL`);
        return { outcome: 'busy', state: 'queued' };
      }
      return { outcome: 'claimed', fresh: false };
    }

    const existing = await this.db
      .selectFrom('notifications')
      .select('state')
      .where('error_id', '=', message.error_id)
      .where('event_id', '=', message.event_id)
      .executeTakeFirst();
    if (existing === undefined) return { outcome: 'gone' };
    if (existing.state === 'sent' || existing.state === 'failed') return { outcome: 'done', state: existing.state };
    return { outcome: 'busy', state: existing.state };
  }

  /** Extends our leases; answers how many of the alerts are still ours. */
  async renew(keys: readonly AlertKey[]): Promise<number> {
    return this.update(keys, sql`lease_until = ${this.leaseEnd()}`, sql`AND state = 'sending'`);
  }

  async markSent(keys: readonly AlertKey[], attempts: number): Promise<number> {
    return this.update(
      keys,
      sql`state = 'sent', sent_at = now(), owner = NULL, lease_until = NULL, attempts = attempts + ${attempts}, last_error = NULL`,
      sql`AND state = 'sending'`,
    );
  }

  async markFailed(keys: readonly AlertKey[], attempts: number, reason: string): Promise<void> {
    await this.update(
      keys,
      sql`state = 'failed', owner = NULL, lease_until = NULL, attempts = attempts + ${attempts}, last_error = ${reason.slice(0, 1_000)}`,
      sql`AND state = 'sending'`,
    );
  }

  async queueForDigest(key: AlertKey, at: Date): Promise<void> {
    await this.update([key], sql`state = 'queued', queued_at = ${at}, owner = NULL, lease_until = NULL`);
  }

  /** Gives alerts back (stopping): a single alert becomes claimable at once, a digest alert waits for the next digest. */
  async release(keys: readonly AlertKey[]): Promise<void> {
    await this.update(
      keys,
      sql`owner = NULL,
          state = CASE WHEN queued_at IS NULL THEN 'sending' ELSE 'queued' END,
          lease_until = CASE WHEN queued_at IS NULL THEN now() - interval '1 second' ELSE NULL END`,
      sql`AND state = 'sending'`,
    );
  }

  /**
   * Once the oldest queued alert has waited `dueBefore`, claims every queued alert (up to max) for
   * one digest; replicas skip each other's rows.
   */
  async claimDueDigest(dueBefore: Date, max: number): Promise<QueuedAlert[]> {
    // One replica claims at a time: concurrent claims would each take part of a storm (SKIP LOCKED)
    // and split what should be one digest into several.
    return this.db.transaction().execute(async (trx) => {
      const { rows: lock } = await sql<{ locked: boolean }>`
        SELECT pg_try_advisory_xact_lock(hashtext('error-tracker:notifier:digest')) AS locked`.execute(trx);
      if (!lock[0]?.locked) return [];
      const { rows } = await sql<QueuedAlert>`
        UPDATE notifications AS n
        SET state = 'sending', owner = ${this.owner}, lease_until = ${this.leaseEnd()}
        FROM (
          SELECT error_id, event_id FROM notifications
          WHERE state = 'queued'
            AND EXISTS (SELECT 1 FROM notifications WHERE state = 'queued' AND queued_at <= ${dueBefore})
          ORDER BY queued_at, created_at
          LIMIT ${max}
          FOR UPDATE SKIP LOCKED
        ) AS due
        WHERE n.error_id = due.error_id AND n.event_id = due.event_id
        RETURNING n.error_id, n.event_id, n.kind, n.stream_id`.execute(trx);
      return rows;
    });
  }

  private leaseEnd() {
    return sql`now() + make_interval(secs => ${this.leaseMs / 1_000})`;
  }

  /** Updates our own rows among keys; answers how many changed. */
  private async update(keys: readonly AlertKey[], set: RawBuilder<unknown>, and: RawBuilder<unknown> = sql``): Promise<number> {
    if (keys.length === 0) return 0;
    const result = await sql`
      UPDATE notifications SET ${set}
      WHERE owner IS NOT DISTINCT FROM ${this.owner} ${and}
        AND (error_id, event_id) IN (
          SELECT * FROM unnest(${keys.map((k) => k.error_id)}::bigint[], ${keys.map((k) => k.event_id)}::uuid[]))`.execute(
      this.db,
    );
    return Number(result.numAffectedRows ?? 0);
  }
}

function isForeignKeyViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === FOREIGN_KEY_VIOLATION;
}
