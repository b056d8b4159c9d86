import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { AlertPayload } from '@error-tracker/contracts/alert-channels';
import type { Db } from '@error-tracker/contracts/db/schema';
import { sleep } from '@error-tracker/runtime/retry';

export type TestOutcome = { readonly state: 'sent' } | { readonly state: 'failed' | 'pending'; readonly error: string | null };

/**
 * Queues a test message for the channel and waits for a notifier to deliver it: the same path,
 * the same channel code and the same records as a real alert. Pending after `waitMs`: no notifier
 * took it yet (it will be sent when one does).
 */
export async function sendTestMessage(db: Db, channel: string, requestedBy: string, waitMs: number): Promise<TestOutcome> {
  const id = randomUUID();
  const payload: AlertPayload = {
    event: 'test',
    title: `Test message from Error Tracker, sent by ${requestedBy}`,
    dedup_key: `error-tracker-test-${id}`,
    at: new Date().toISOString(),
  };
  const { id: deliveryId } = await db
    .insertInto('alert_deliveries')
    .values({ rule_id: null, firing: `test-${id}`, channel, event: 'test', payload: JSON.stringify(payload) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .updateTable('integrations')
    .set({ last_test: sql<Date>`now()` })
    .where('name', '=', channel)
    .execute();
  const deadline = Date.now() + waitMs;
  for (;;) {
    const row = await db
      .selectFrom('alert_deliveries')
      .select(['state', 'last_error', 'attempts'])
      .where('id', '=', deliveryId)
      .executeTakeFirstOrThrow();
    if (row.state === 'sent') return { state: 'sent' };
    // A test reports the first failure rather than waiting out the retries.
    if (row.state === 'failed' || row.attempts > 0)
      return { state: row.state === 'failed' ? 'failed' : 'pending', error: row.last_error };
    if (Date.now() >= deadline) return { state: 'pending', error: null };
    await sleep(100);
  }
}
