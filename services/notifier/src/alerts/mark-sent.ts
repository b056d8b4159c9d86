import type { Logger } from '@error-tracker/runtime/logger';
import { backoffMs, sleep } from '@error-tracker/runtime/retry';
import type { AlertKey, NotificationRepository } from '../storage/notification-repository';

/** Marking continues while the notifier stops (no abort signal): the email is out, the record must say so. */
const ATTEMPTS = 6;

/**
 * Records alerts as sent right after the mail server accepted them, before their entries are acked.
 * A PostgreSQL hiccup here is retried; if it persists the entry stays pending and, once the claim
 * expires, may be sent again (the one window in which an alert can go out twice).
 */
export async function markSentDurably(
  repository: NotificationRepository,
  keys: readonly AlertKey[],
  attempts: number,
  logger: Logger,
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const marked = await repository.markSent(keys, attempts);
      if (marked < keys.length) logger.warn({ alerts: keys.length, marked }, 'sent alerts whose claim had expired');
      return;
    } catch (error) {
      if (attempt + 1 >= ATTEMPTS) throw error;
      logger.warn({ err: error, attempt }, 'could not record a sent alert; retrying');
      await sleep(backoffMs(attempt, 100, 2_000));
    }
  }
}
