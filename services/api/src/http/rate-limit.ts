import { rateLimitKey } from '@error-tracker/contracts/redis-keys';
import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { HttpProblem } from './problem';

const WINDOW_MS = 60_000;

// INCR and set the window's expiry in one round trip; answers [count, ms left in the window].
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

export interface RateLimitOptions {
  readonly redis: Redis;
  readonly prefix: string;
  readonly perMinute: number;
  /** Sentry SDKs read their back-off from `X-Sentry-Rate-Limits` (integer seconds, all categories). */
  readonly sentryHeaders?: boolean;
}

/**
 * Fixed one-minute window per client IP, counted in Redis so every API replica shares the budget.
 * When Redis is unavailable requests are let through: losing the limiter must not lose events.
 */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  const limit = options.perMinute;
  const policy = `${limit};w=${WINDOW_MS / 1000}`;
  return async (req, res, next) => {
    let count: number;
    let msLeft: number;
    try {
      const key = rateLimitKey(options.prefix, req.ip ?? 'unknown');
      [count, msLeft] = (await options.redis.eval(HIT_SCRIPT, 1, key, WINDOW_MS)) as [number, number];
    } catch {
      next();
      return;
    }
    const resetSeconds = Math.max(1, Math.ceil(msLeft / 1000));
    res.setHeader('RateLimit-Policy', policy);
    res.setHeader('RateLimit-Limit', String(limit));
    res.setHeader('RateLimit-Remaining', String(Math.max(0, limit - count)));
    res.setHeader('RateLimit-Reset', String(resetSeconds));
    if (count <= limit) {
      next();
      return;
    }
    next(
      new HttpProblem({
        status: 429,
        title: 'Too Many Requests',
        detail: `more than ${limit} requests in a minute from this address; retry in ${resetSeconds} s`,
        headers: {
          'Retry-After': String(resetSeconds),
          ...(options.sentryHeaders ? { 'X-Sentry-Rate-Limits': `${resetSeconds}::organization` } : {}),
        },
      }),
    );
  };
}
