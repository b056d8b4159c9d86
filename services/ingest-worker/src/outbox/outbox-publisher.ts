import { newErrorsStreamKey } from '@error-tracker/contracts/redis-keys';
import { sql } from 'kysely';
import type { RedisClient } from '@error-tracker/runtime/redis';
import { type Db } from '@error-tracker/contracts/db/schema';
import { encodeNewErrorMessage } from '@error-tracker/contracts/new-error-message';
import { type Logger } from '@error-tracker/runtime/logger';
import type { OutboxEntry } from '../pipeline/batch-types';

/** The stream is trimmed as it grows; the notifier reads far faster than groups are created. */
const STREAM_MAX_LENGTH = 100_000;
const SWEEP_AGE_SECONDS = 5;
const SWEEP_BATCH = 500;

/**
 * Publishes committed outbox rows to the `new-errors` stream and marks them sent. Rows whose
 * publication was lost (a crash, Redis away) are picked up by the sweeper.
 */
export class OutboxPublisher {
  private readonly streamKey: string;

  constructor(
    private readonly db: Db,
    private readonly redis: RedisClient,
    prefix: string,
    private readonly logger: Logger,
  ) {
    this.streamKey = newErrorsStreamKey(prefix);
  }

  /** Best effort right after commit; a failure leaves the rows for the sweeper. */
  async publishCommitted(entries: readonly OutboxEntry[]): Promise<void> {
    if (entries.length === 0) return;
    try {
      await this.publish(entries);
      await this.markSent(this.db, entries);
    } catch (error) {
      this.logger.warn({ err: error, rows: entries.length }, 'outbox publish failed; the sweeper will retry');
    }
  }

  /** Publishes unsent rows older than a few seconds; replicas skip each other's locked rows. */
  async sweep(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const { rows } = await sql<OutboxEntry>`
        SELECT id, error_id, event_id, kind FROM outbox
        WHERE sent_at IS NULL AND created_at < now() - make_interval(secs => ${SWEEP_AGE_SECONDS})
        ORDER BY id LIMIT ${SWEEP_BATCH}
        FOR UPDATE SKIP LOCKED`.execute(trx);
      if (rows.length === 0) return 0;
      await this.publish(rows);
      await this.markSent(trx, rows);
      return rows.length;
    });
  }

  private async publish(entries: readonly OutboxEntry[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const entry of entries) {
      pipeline.xadd(
        this.streamKey,
        'MAXLEN',
        '~',
        STREAM_MAX_LENGTH,
        '*',
        ...encodeNewErrorMessage({
          outbox_id: entry.id,
          error_id: entry.error_id,
          event_id: entry.event_id,
          kind: entry.kind,
        }),
      );
    }
    const results = await pipeline.exec();
    const failed = results?.find(([error]) => error !== null)?.[0];
    if (failed) throw failed;
  }

  private async markSent(db: Pick<Db, 'updateTable'>, entries: readonly OutboxEntry[]): Promise<void> {
    await db
      .updateTable('outbox')
      .set({ sent_at: sql<Date>`now()` })
      .where(
        'id',
        'in',
        entries.map((entry) => entry.id),
      )
      .execute();
  }
}
