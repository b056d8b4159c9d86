import type { Logger } from '@error-tracker/runtime/logger';
import type { MailSender } from '@error-tracker/runtime/mail/mail-sender';
import { renderDigest } from '../email/render-digest';
import { notificationsSent } from '../metrics';
import type { NotifierTiming } from '../notifier-options';
import type { NotificationRepository, QueuedAlert } from '../storage/notification-repository';
import type { AlertStream } from '../stream/alert-stream';
import { deliver } from './deliver';
import { markSentDurably } from './mark-sent';

/** Alerts covered by one digest (it lists the first ones in detail); a bigger storm becomes several digests. */
const MAX_PER_DIGEST = 5_000;

export interface DigestFlusherDeps {
  readonly stream: AlertStream;
  readonly repository: NotificationRepository;
  readonly sender: MailSender;
  readonly recipients: readonly string[];
  readonly timing: NotifierTiming;
  readonly signal: AbortSignal;
  readonly logger: Logger;
}

/** Sends the alerts the storm guard queued, once their window has closed, as digests. */
export class DigestFlusher {
  constructor(private readonly deps: DigestFlusherDeps) {}

  /** Sends every due digest; answers how many alerts went out. */
  async flushDue(): Promise<number> {
    let total = 0;
    while (!this.deps.signal.aborted) {
      const dueBefore = new Date(Date.now() - this.deps.timing.stormWindowMs);
      const due = await this.deps.repository.claimDueDigest(dueBefore, MAX_PER_DIGEST);
      if (due.length === 0) break;
      total += await this.send(due);
      if (due.length < MAX_PER_DIGEST) break;
    }
    return total;
  }

  private async send(due: readonly QueuedAlert[]): Promise<number> {
    const { repository, stream, logger } = this.deps;
    const groups = await repository.loadGroups(due.map((alert) => alert.error_id));
    const items = due.flatMap((alert) => {
      const group = groups.get(alert.error_id);
      return group ? [{ group, kind: alert.kind, alert }] : [];
    });
    if (items.length === 0) {
      await stream.ack(due.map((alert) => alert.stream_id));
      return 0;
    }
    const keys = items.map((item) => item.alert);
    const delivery = await deliver(
      { to: this.deps.recipients, ...renderDigest(items) },
      {
        sender: this.deps.sender,
        timing: this.deps.timing,
        signal: this.deps.signal,
        keepClaim: async () => (await repository.renew(keys)) === keys.length,
        logger,
      },
    );
    if (delivery.status === 'abandoned') {
      if (delivery.reason === 'stopping') await repository.release(keys);
      logger.info({ alerts: keys.length, reason: delivery.reason }, 'digest not sent; alerts stay queued');
      return 0;
    }
    if (delivery.status === 'failed') {
      await repository.markFailed(keys, delivery.attempts, delivery.reason);
      await stream.ack(due.map((alert) => alert.stream_id));
      logger.error({ alerts: keys.length, error: delivery.reason }, 'mail server refused the digest; giving up');
      return 0;
    }
    await markSentDurably(repository, keys, delivery.attempts, logger);
    await stream.ack(due.map((alert) => alert.stream_id));
    notificationsSent.inc({ kind: 'digest' });
    logger.info({ alerts: keys.length, attempts: delivery.attempts }, 'digest sent');
    return keys.length;
  }
}
