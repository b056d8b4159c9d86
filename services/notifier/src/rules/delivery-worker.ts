import { sql } from 'kysely';
import type { AlertPayload } from '@error-tracker/contracts/alert-channels';
import type { Db } from '@error-tracker/contracts/db/schema';
import type { Logger } from '@error-tracker/runtime/logger';
import { backoffMs } from '@error-tracker/runtime/retry';

/** How a channel send failed: transient failures are tried again later, permanent ones recorded. */
export interface SendFailure {
  readonly permanent: boolean;
  readonly message: string;
  /** A Retry-After the service asked for. */
  readonly retryAfterMs?: number;
}

export interface DeliveryDeps {
  readonly db: Db;
  /** Sends one delivery through its channel, throwing on failure. */
  readonly send: (channel: string, payload: AlertPayload) => Promise<void>;
  /** Classifies what `send` threw. */
  readonly classify: (error: unknown) => SendFailure;
  /** This replica's name: the owner of its claims. */
  readonly owner: string;
  readonly logger: Logger;
  readonly leaseMs?: number;
  readonly maxAttempts?: number;
  readonly retryBaseMs?: number;
  readonly retryMaxMs?: number;
}

interface Claimed {
  readonly id: number;
  readonly rule_id: number | null;
  readonly channel: string;
  readonly event: string;
  readonly payload: AlertPayload;
  readonly attempts: number;
}

const BATCH = 20;

/**
 * Sends queued deliveries: each is claimed under a lease (a dead notifier's claims expire and are
 * taken over), sent, and marked sent right after the service accepted it. At least once; twice
 * only if a notifier dies between the service's acceptance and the mark.
 */
export class DeliveryWorker {
  constructor(private readonly deps: DeliveryDeps) {}

  /** Sends what is due; answers how many deliveries were handled. */
  async runDue(): Promise<number> {
    const claimed = await this.claim();
    for (const delivery of claimed) await this.deliver(delivery);
    return claimed.length;
  }

  private async claim(): Promise<Claimed[]> {
    const leaseMs = this.deps.leaseMs ?? 60_000;
    const { rows } = await sql<Claimed>`
      UPDATE alert_deliveries SET claimed_by = ${this.deps.owner}, claimed_until = now() + make_interval(secs => ${leaseMs / 1000})
      WHERE id IN (
        SELECT id FROM alert_deliveries
        WHERE state = 'pending' AND next_attempt_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
        ORDER BY next_attempt_at, id LIMIT ${BATCH}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, rule_id, channel, event, payload, attempts`.execute(this.deps.db);
    return rows;
  }

  private async deliver(delivery: Claimed): Promise<void> {
    const attempts = delivery.attempts + 1;
    const log = this.deps.logger.child({ deliveryId: delivery.id, ruleId: delivery.rule_id, channel: delivery.channel, event: delivery.event });
    try {
      await this.deps.send(delivery.channel, delivery.payload);
    } catch (error) {
      await this.failed(delivery, attempts, this.deps.classify(error), log);
      return;
    }
    await this.deps.db
      .updateTable('alert_deliveries')
      .set({ state: 'sent', attempts, sent_at: sql<Date>`now()`, claimed_until: null, last_error: null })
      .where('id', '=', delivery.id)
      .execute();
    await this.recordOnIntegration(delivery.channel, null);
    log.info({ attempts }, 'alert delivered');
  }

  private async failed(delivery: Claimed, attempts: number, failure: SendFailure, log: Logger): Promise<void> {
    const giveUp = failure.permanent || attempts >= (this.deps.maxAttempts ?? 8);
    const delayMs = failure.retryAfterMs ?? backoffMs(attempts - 1, this.deps.retryBaseMs ?? 1_000, this.deps.retryMaxMs ?? 300_000);
    await this.deps.db
      .updateTable('alert_deliveries')
      .set({
        state: giveUp ? 'failed' : 'pending',
        attempts,
        last_error: failure.message,
        claimed_until: null,
        next_attempt_at: sql<Date>`now() + make_interval(secs => ${delayMs / 1000})`,
      })
      .where('id', '=', delivery.id)
      .execute();
    await this.recordOnIntegration(delivery.channel, failure.message);
    if (!giveUp) {
      log.warn({ attempts, delayMs, error: failure.message }, 'alert delivery failed; retrying');
      return;
    }
    if (delivery.rule_id !== null) {
      await this.deps.db.updateTable('alert_rules').set({ last_error: `${delivery.channel}: ${failure.message}` }).where('id', '=', delivery.rule_id).execute();
    }
    log.error({ attempts, error: failure.message, permanent: failure.permanent }, 'alert delivery failed for good');
  }

  private async recordOnIntegration(channel: string, error: string | null): Promise<void> {
    await this.deps.db
      .updateTable('integrations')
      .set(error === null ? { last_success: sql<Date>`now()`, last_error: null } : { last_error: error })
      .where('name', '=', channel)
      .execute();
  }
}
