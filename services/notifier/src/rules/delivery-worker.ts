import { sql } from 'kysely';
import type { AlertPayload } from '@error-tracker/contracts/alert-channels';
import type { Db } from '@error-tracker/contracts/db/schema';
import type { Logger } from '@error-tracker/runtime/logger';
import { backoffMs, sleep } from '@error-tracker/runtime/retry';
import type { StormVerdict } from '../storm-guard';

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
  /** Storms of new-error and regression deliveries: past the threshold they wait for their channel's digest. */
  readonly storm?: { admit(alertId: string, key: string): Promise<StormVerdict>; readonly windowMs: number };
  /** The storm window key of a channel. */
  readonly stormKey?: (channel: string) => string;
  readonly leaseMs?: number;
  /** Aborted when the notifier stops: a sent delivery's mark is no longer retried. */
  readonly stopping?: AbortSignal;
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
 * taken over), sent, and marked sent right after the service accepted it (the mark is retried while
 * PostgreSQL is away). At least once; twice only if a notifier dies (or stops while PostgreSQL is
 * away) between the service's acceptance and the mark.
 */
export class DeliveryWorker {
  constructor(private readonly deps: DeliveryDeps) {}

  /** Sends what is due, then the digests whose storm window has closed; answers how many deliveries were handled. */
  async runDue(): Promise<number> {
    const claimed = await this.claim();
    for (const delivery of claimed) await this.deliver(delivery);
    return claimed.length + (await this.sendDueDigests());
  }

  /** Over the storm threshold: the delivery waits for its channel's digest, one window after the storm began. */
  private async heldForStorm(delivery: Claimed): Promise<boolean> {
    const { storm, stormKey } = this.deps;
    if (!storm || !stormKey || (delivery.event !== 'new_error' && delivery.event !== 'regression')) return false;
    const verdict = await storm.admit(`delivery-${delivery.id}`, stormKey(delivery.channel));
    if (!verdict.overflow) return false;
    const until = new Date(verdict.at.getTime() + storm.windowMs);
    await this.deps.db
      .updateTable('alert_deliveries')
      .set({ state: 'held', next_attempt_at: until, claimed_until: null })
      .where('id', '=', delivery.id)
      .execute();
    return true;
  }

  /** One message per channel for everything held in a storm whose window has closed. */
  private async sendDueDigests(): Promise<number> {
    const due = await this.deps.db
      .selectFrom('alert_deliveries')
      .select('channel')
      .where('state', '=', 'held')
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .groupBy('channel')
      .execute();
    let sent = 0;
    for (const { channel } of due) sent += await this.sendDigest(channel);
    return sent;
  }

  private async sendDigest(channel: string): Promise<number> {
    return this.deps.db.transaction().execute(async (trx) => {
      const held = await trx
        .selectFrom('alert_deliveries')
        .select(['id', 'payload'])
        .where('state', '=', 'held')
        .where('channel', '=', channel)
        .orderBy('id')
        .forUpdate()
        .skipLocked()
        .execute();
      if (held.length === 0) return 0;
      const payloads = held.map((row) => row.payload as unknown as AlertPayload);
      try {
        await this.deps.send(channel, digestOf(payloads, held[0]?.id ?? 0));
      } catch (error) {
        const failure = this.deps.classify(error);
        const delayMs = failure.retryAfterMs ?? backoffMs(0, this.deps.retryBaseMs ?? 1_000, this.deps.retryMaxMs ?? 300_000);
        await trx
          .updateTable('alert_deliveries')
          .set({ last_error: failure.message, next_attempt_at: sql<Date>`now() + make_interval(secs => ${delayMs / 1000})` })
          .where(
            'id',
            'in',
            held.map((row) => row.id),
          )
          .execute();
        this.deps.logger.warn({ channel, alerts: held.length, error: failure.message }, 'alert digest failed; retrying');
        return 0;
      }
      await trx
        .updateTable('alert_deliveries')
        .set({ state: 'sent', sent_at: sql<Date>`now()`, last_error: null })
        .where(
          'id',
          'in',
          held.map((row) => row.id),
        )
        .execute();
      this.deps.logger.info({ channel, alerts: held.length }, 'alert digest delivered');
      return held.length;
    });
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
    const log = this.deps.logger.child({
      deliveryId: delivery.id,
      ruleId: delivery.rule_id,
      channel: delivery.channel,
      event: delivery.event,
    });
    if (delivery.attempts === 0 && (await this.heldForStorm(delivery))) {
      log.info('alert storm: delivery held for the digest');
      return;
    }
    try {
      await this.deps.send(delivery.channel, delivery.payload);
    } catch (error) {
      await this.failed(delivery, attempts, this.deps.classify(error), log);
      return;
    }
    await this.markSent(delivery.id, attempts, log);
    await this.recordOnIntegration(delivery.channel, null);
    log.info({ attempts }, 'alert delivered');
  }

  /** The service has it: until this is recorded, the delivery would be sent again once its claim expires. */
  private async markSent(id: number, attempts: number, log: Logger): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.deps.db
          .updateTable('alert_deliveries')
          .set({ state: 'sent', attempts, sent_at: sql<Date>`now()`, claimed_until: null, last_error: null })
          .where('id', '=', id)
          .execute();
        return;
      } catch (error) {
        if (this.deps.stopping?.aborted) throw error;
        log.warn({ err: error, attempt }, 'could not record a sent delivery; retrying');
        await sleep(backoffMs(attempt, 100, 2_000), this.deps.stopping);
      }
    }
  }

  private async failed(delivery: Claimed, attempts: number, failure: SendFailure, log: Logger): Promise<void> {
    const giveUp = failure.permanent || attempts >= (this.deps.maxAttempts ?? 8);
    const delayMs =
      failure.retryAfterMs ?? backoffMs(attempts - 1, this.deps.retryBaseMs ?? 1_000, this.deps.retryMaxMs ?? 300_000);
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
      await this.deps.db
        .updateTable('alert_rules')
        .set({ last_error: `${delivery.channel}: ${failure.message}` })
        .where('id', '=', delivery.rule_id)
        .execute();
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

const DIGEST_LISTED = 10;

/** `37 alerts during an alert storm`: the titles of the first ten, the rest counted. */
export function digestOf(payloads: readonly AlertPayload[], firstId: number): AlertPayload {
  const listed = payloads.slice(0, DIGEST_LISTED).map((p) => `- ${p.title}`);
  const rest = payloads.length - listed.length;
  const first = payloads[0];
  return {
    event: first?.event ?? 'new_error',
    title: `${payloads.length} alerts during an alert storm:\n${listed.join('\n')}${rest > 0 ? `\n… and ${rest} more` : ''}`,
    count: payloads.length,
    ...(first?.project === undefined ? {} : { project: first.project }),
    dedup_key: `error-tracker-digest-${firstId}`,
    recipients: [...new Set(payloads.flatMap((p) => p.recipients ?? []))],
    at: new Date().toISOString(),
  };
}
