import { stormGuardKey } from '@error-tracker/contracts/redis-keys';
import type { RedisClient } from '@error-tracker/runtime/redis';

export type StormVerdict = { readonly overflow: false } | { readonly overflow: true; readonly at: Date };

/**
 * Counts alerts over a sliding window, in Redis, so every replica shares the count (and Redis's clock).
 * Answers the count including this alert and the server time.
 */
const COUNT_ALERT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[1]))
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return { redis.call('ZCARD', KEYS[1]), now }`;

/**
 * While no more than `threshold` alerts arrived within the window, each goes out on its own; beyond
 * that they overflow into a digest (sent one window after the first of them was queued).
 */
export class StormGuard {
  private readonly key: string;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly threshold: number,
    readonly windowMs: number,
  ) {
    this.key = stormGuardKey(prefix);
  }

  /** `alertId` names the alert in the window (its stream entry id); `key` picks another window than ALERT_EMAILS'. */
  async admit(alertId: string, key = this.key): Promise<StormVerdict> {
    const reply: unknown = await this.redis.eval(COUNT_ALERT, 1, key, this.windowMs, alertId);
    if (!Array.isArray(reply)) throw new Error('storm guard: unexpected reply');
    const [count, now] = reply.map(Number);
    if (count === undefined || now === undefined || !Number.isFinite(count)) throw new Error('storm guard: no count');
    return count > this.threshold ? { overflow: true, at: new Date(now) } : { overflow: false };
  }
}
