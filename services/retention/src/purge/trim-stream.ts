import type { RedisClient } from '@error-tracker/runtime/redis';

export interface StreamTrimResult {
  readonly entries: number;
  readonly consumers: number;
}

export interface StreamTrimOptions {
  /** Entries older than this go, unless a consumer group has not delivered or acknowledged them. */
  readonly keepMs: number;
  /** Consumers with nothing pending, idle this long (notifiers that are gone), are removed from their group. */
  readonly consumerIdleMs: number;
}

/**
 * Trims `new-errors` by age, never past what a consumer group still needs: its oldest pending entry
 * and everything after its last delivered one.
 */
export async function trimStream(
  redis: RedisClient,
  key: string,
  options: StreamTrimOptions,
  now = Date.now(),
): Promise<StreamTrimResult> {
  if ((await redis.exists(key)) === 0) return { entries: 0, consumers: 0 };
  let minId = `${Math.max(0, now - options.keepMs)}-0`;
  let consumers = 0;

  for (const group of asRecords(await redis.xinfo('GROUPS', key))) {
    const name = textOf(group.name);
    const lastDelivered = textOf(group['last-delivered-id']) || '0-0';
    minId = minStreamId(minId, lastDelivered);
    const pending: unknown = await redis.xpending(key, name);
    if (Array.isArray(pending) && Number(pending[0]) > 0 && typeof pending[1] === 'string') {
      minId = minStreamId(minId, pending[1]);
    }
    consumers += await removeIdleConsumers(redis, key, name, options.consumerIdleMs);
  }

  const entries = await redis.xtrim(key, 'MINID', minId);
  return { entries: Number(entries), consumers };
}

async function removeIdleConsumers(redis: RedisClient, key: string, group: string, idleMs: number): Promise<number> {
  let removed = 0;
  for (const consumer of asRecords(await redis.xinfo('CONSUMERS', key, group))) {
    if (Number(consumer.pending) !== 0 || Number(consumer.idle) < idleMs) continue;
    await redis.xgroup('DELCONSUMER', key, group, String(consumer.name));
    removed += 1;
  }
  return removed;
}

/** A text field of a Redis reply (a string or a number); '' for anything else. */
const textOf = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** XINFO answers flat [field, value, …] arrays; turns each into a record. */
function asRecords(reply: unknown): Array<Record<string, unknown>> {
  if (!Array.isArray(reply)) return [];
  return reply.map((item: unknown) => {
    const record: Record<string, unknown> = {};
    if (!Array.isArray(item)) return record;
    for (let i = 0; i + 1 < item.length; i += 2) record[textOf(item[i])] = item[i + 1];
    return record;
  });
}

export function compareStreamIds(a: string, b: string): number {
  const [aMs = 0, aSeq = 0] = a.split('-').map(Number);
  const [bMs = 0, bSeq = 0] = b.split('-').map(Number);
  return aMs !== bMs ? aMs - bMs : aSeq - bSeq;
}

function minStreamId(a: string, b: string): string {
  return compareStreamIds(a, b) <= 0 ? a : b;
}
