import { sql, type Transaction } from 'kysely';
import type { AlertPayload } from '@error-tracker/contracts/alert-channels';
import type { Database, DeliveryEvent } from '@error-tracker/contracts/db/schema';

export interface QueuedDelivery {
  readonly ruleId: number | null;
  /** With the rule, channel and event: one delivery, ever. */
  readonly firing: string;
  readonly channel: string;
  readonly event: DeliveryEvent;
  readonly payload: AlertPayload;
}

/** Queues deliveries in the caller's transaction; a delivery queued before (a replayed stream entry) is not queued again. */
export async function queueDeliveries(trx: Transaction<Database>, deliveries: readonly QueuedDelivery[]): Promise<void> {
  if (deliveries.length === 0) return;
  await trx
    .insertInto('alert_deliveries')
    .values(
      deliveries.map((d) => ({
        rule_id: d.ruleId,
        firing: d.firing,
        channel: d.channel,
        event: d.event,
        payload: JSON.stringify(d.payload),
      })),
    )
    .onConflict((oc) => oc.expression(sql`coalesce(rule_id, 0), firing, channel, event`).doNothing())
    .execute();
}
