import type { Logger } from '@error-tracker/runtime/logger';
import type { MailSender, OutgoingEmail } from '@error-tracker/runtime/mail/mail-sender';
import { describeFailure, isPermanentFailure } from '../email/send-failure';
import { notificationsFailed } from '../metrics';
import type { NotifierTiming } from '../notifier-options';
import { backoffMs, sleep } from '@error-tracker/runtime/retry';

export type Delivery =
  | { readonly status: 'sent'; readonly attempts: number }
  | { readonly status: 'failed'; readonly attempts: number; readonly reason: string }
  /** Not sent and not given up: stopping, or another notifier took the alert over. */
  | { readonly status: 'abandoned'; readonly attempts: number; readonly reason: 'stopping' | 'lease lost' };

export interface DeliverOptions {
  readonly sender: MailSender;
  readonly timing: NotifierTiming;
  readonly signal: AbortSignal;
  /** Renews the claim before each retry; false when it is no longer ours. */
  readonly keepClaim: () => Promise<boolean>;
  readonly logger: Logger;
}

/**
 * Sends until the mail server accepts, with exponential backoff. Transient failures are retried
 * for as long as the notifier runs; permanent refusals `permanentAttempts` times.
 */
export async function deliver(email: OutgoingEmail, options: DeliverOptions): Promise<Delivery> {
  const { timing, signal, logger } = options;
  let permanentFailures = 0;
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) return { status: 'abandoned', attempts: attempt - 1, reason: 'stopping' };
    if (attempt > 1 && !(await options.keepClaim())) return { status: 'abandoned', attempts: attempt - 1, reason: 'lease lost' };
    try {
      await options.sender.send(email);
      return { status: 'sent', attempts: attempt };
    } catch (error) {
      const permanent = isPermanentFailure(error);
      const reason = describeFailure(error);
      notificationsFailed.inc({ reason: permanent ? 'permanent' : 'transient' });
      if (permanent && ++permanentFailures >= timing.permanentAttempts) {
        notificationsFailed.inc({ reason: 'gave_up' });
        return { status: 'failed', attempts: attempt, reason };
      }
      const delayMs = backoffMs(attempt - 1, timing.retryBaseMs, timing.retryMaxMs);
      logger.warn({ error: reason, attempt, permanent, delayMs, subject: email.subject }, 'email not accepted; retrying');
      await sleep(delayMs, signal);
    }
  }
}
