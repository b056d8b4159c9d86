import { decodeNewErrorMessage } from '@error-tracker/contracts/new-error-message';
import { type Logger } from '@error-tracker/runtime/logger';
import type { EventRules } from '../rules/event-rules';
import type { MailSender } from '@error-tracker/runtime/mail/mail-sender';
import { renderAlert } from '../email/render-alert';
import { notificationsSent } from '../metrics';
import type { NotifierTiming } from '../notifier-options';
import type { NotificationRepository } from '../storage/notification-repository';
import type { StormGuard } from '../storm-guard';
import type { AlertStream, StreamEntry } from '../stream/alert-stream';
import { deliver } from './deliver';
import { markSentDurably } from './mark-sent';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AlertProcessorDeps {
  readonly stream: AlertStream;
  readonly repository: NotificationRepository;
  readonly storm: StormGuard;
  /** Undefined, or no recipients: entries are acknowledged without email. */
  readonly sender: MailSender | undefined;
  readonly recipients: readonly string[];
  /** new_error / regression rules: their deliveries are queued before the entry is acknowledged. */
  readonly eventRules?: EventRules;
  readonly timing: NotifierTiming;
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/**
 * One stream entry → at most one email. The order is what makes a crash safe: claim the alert in
 * PostgreSQL, send, mark it sent, then XACK. A notifier that dies after the mark leaves an entry that
 * the next one acknowledges without sending; only a death between the server's "accepted" and the
 * mark (a few milliseconds) can send twice.
 */
export class AlertProcessor {
  constructor(private readonly deps: AlertProcessorDeps) {}

  async handle(entry: StreamEntry): Promise<void> {
    const { stream, repository, logger } = this.deps;
    const message = entry.fields === null ? null : decodeNewErrorMessage(entry.fields);
    if (message === null || !UUID.test(message.event_id)) {
      logger.warn({ streamId: entry.id }, 'unreadable new-errors entry; acknowledging it');
      await stream.ack([entry.id]);
      return;
    }
    await this.deps.eventRules?.enqueue(message);
    const sender = this.deps.sender;
    if (sender === undefined || this.deps.recipients.length === 0) {
      await stream.ack([entry.id]);
      return;
    }
    const log = logger.child({ errorId: message.error_id, eventId: message.event_id, kind: message.kind, streamId: entry.id });

    const group = (await repository.loadGroups([message.error_id])).get(message.error_id);
    if (group === undefined) {
      log.info('group deleted before its alert went out; skipping');
      await stream.ack([entry.id]);
      return;
    }

    const claim = await repository.claim(message, entry.id);
    if (claim.outcome === 'gone') {
      log.info('group deleted before its alert went out; skipping');
      await stream.ack([entry.id]);
      return;
    }
    if (claim.outcome === 'done') {
      log.info({ state: claim.state }, 'alert already handled; acknowledging without sending');
      await stream.ack([entry.id]);
      return;
    }
    if (claim.outcome === 'busy') {
      log.debug({ state: claim.state }, 'alert held elsewhere (another notifier, or the digest); leaving it pending');
      return;
    }

    if (claim.fresh) {
      const verdict = await this.deps.storm.admit(entry.id);
      if (verdict.overflow) {
        await repository.queueForDigest(message, verdict.at);
        log.info('alert storm: alert queued for the digest');
        return;
      }
    }

    const delivery = await deliver(
      { to: this.deps.recipients, ...renderAlert(group, message) },
      {
        sender,
        timing: this.deps.timing,
        signal: this.deps.signal,
        keepClaim: async () => (await repository.renew([message])) === 1,
        logger: log,
      },
    );
    if (delivery.status === 'abandoned') {
      if (delivery.reason === 'stopping') await repository.release([message]);
      log.info({ reason: delivery.reason, attempts: delivery.attempts }, 'alert not sent; left pending');
      return;
    }
    if (delivery.status === 'failed') {
      await repository.markFailed([message], delivery.attempts, delivery.reason);
      await stream.ack([entry.id]);
      log.error({ error: delivery.reason, attempts: delivery.attempts }, 'mail server refused the alert; giving up');
      return;
    }
    await markSentDurably(repository, [message], delivery.attempts, log);
    await stream.ack([entry.id]);
    notificationsSent.inc({ kind: message.kind });
    log.info({ attempts: delivery.attempts, transport: sender.kind }, 'alert sent');
  }
}
