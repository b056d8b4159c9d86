import type { RedisClient } from '@error-tracker/runtime/redis';
import { timedCheck } from '@error-tracker/runtime/monitoring/dependency-checks';
import { HEALTH_RULES } from './health-rules';

export interface CacheCheck {
  readonly checkedAt: Date;
  readonly answered: boolean;
  /** Round trip of PING. */
  readonly latencyMs: number | null;
  readonly usedMemoryBytes: number | null;
  /** Redis's maxmemory; null when unlimited (0). */
  readonly maxMemoryBytes: number | null;
  readonly clients: number | null;
}

/** One field of an INFO answer (`name:value` lines). */
export function infoField(info: string, name: string): number | null {
  const match = new RegExp(`^${name}:(\\d+)`, 'm').exec(info);
  return match ? Number(match[1]) : null;
}

/** Measures Redis now: a timed PING, then its memory and connected clients from INFO. */
export async function checkCache(redis: RedisClient): Promise<CacheCheck> {
  const checkedAt = new Date();
  const ping = await timedCheck(() => redis.ping(), HEALTH_RULES.checkTimeoutMs);
  const none = { usedMemoryBytes: null, maxMemoryBytes: null, clients: null };
  if (!ping.ok) return { checkedAt, answered: false, latencyMs: null, ...none };
  let info = '';
  await timedCheck(async () => {
    info = `${await redis.info('memory')}\n${await redis.info('clients')}`;
  }, HEALTH_RULES.checkTimeoutMs);
  const maxMemory = infoField(info, 'maxmemory');
  return {
    checkedAt,
    answered: true,
    latencyMs: ping.latencyMs,
    usedMemoryBytes: infoField(info, 'used_memory'),
    maxMemoryBytes: maxMemory === 0 ? null : maxMemory,
    clients: infoField(info, 'connected_clients'),
  };
}
