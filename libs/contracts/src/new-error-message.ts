import type { OutboxKind } from './db/schema';

/** An entry of the `new-errors` stream: one created or reopened group, from one outbox row. */
export interface NewErrorMessage {
  readonly outbox_id: number;
  readonly error_id: number;
  readonly event_id: string;
  readonly kind: OutboxKind;
}

export function encodeNewErrorMessage(message: NewErrorMessage): string[] {
  return [
    'outbox_id',
    String(message.outbox_id),
    'error_id',
    String(message.error_id),
    'event_id',
    message.event_id,
    'kind',
    message.kind,
  ];
}

export function decodeNewErrorMessage(fields: readonly string[]): NewErrorMessage | null {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i] as string, fields[i + 1] as string);
  const outboxId = Number(map.get('outbox_id'));
  const errorId = Number(map.get('error_id'));
  const eventId = map.get('event_id');
  const kind = map.get('kind');
  if (!Number.isInteger(outboxId) || !Number.isInteger(errorId) || !eventId) return null;
  if (kind !== 'new' && kind !== 'regression') return null;
  return { outbox_id: outboxId, error_id: errorId, event_id: eventId, kind };
}
