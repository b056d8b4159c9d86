import { rateLimitKey } from '@error-tracker/contracts/redis-keys';
import type { Request, RequestHandler, Response } from 'express';
import type { RedisClient } from '@error-tracker/runtime/redis';
import { HttpProblem } from './problem';

const WINDOW_MS = 60_000;

// INCR and set the window's expiry in one round trip; answers [count, ms left in the window].
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

/** One counter a request is charged to: `ip:203.0.113.9`, `key:7`, `project:3`. */
export interface Budget {
  readonly name: string;
  readonly perMinute: number;
  /** How the 429 names it: `from this address`, `for this API key`. */
  readonly holder: string;
}

export interface RateLimitOptions {
  readonly redis: RedisClient;
  readonly prefix: string;
  /** The budgets this request is charged to; a budget of 0 per minute is no limit. */
  readonly budgets: (req: Request, res: Response) => readonly Budget[];
  /** Sentry SDKs read their back-off from `X-Sentry-Rate-Limits` (integer seconds, all categories). */
  readonly sentryHeaders?: boolean;
}

interface Hit {
  readonly budget: Budget;
  readonly count: number;
  readonly msLeft: number;
}

/**
 * Fixed one-minute windows counted in Redis, so every API replica shares each budget. When Redis
 * is unavailable requests are let through: losing the limiter must not lose events.
 */
export function rateLimit(options: RateLimitOptions): RequestHandler {
  return async (req, res, next) => {
    const verdict = await chargeBudgets(options, options.budgets(req, res));
    for (const [name, value] of Object.entries(verdict?.headers ?? {})) res.setHeader(name, value);
    next(verdict?.refusal);
  };
}

/** What charging a request to its budgets decided: the RateLimit headers, and a 429 when over. */
export interface RateVerdict {
  readonly headers: Readonly<Record<string, string>>;
  readonly refusal?: HttpProblem;
}

/** Charges one request to each budget; undefined when none limits it or Redis is unavailable. */
export async function chargeBudgets(
  options: Pick<RateLimitOptions, 'redis' | 'prefix' | 'sentryHeaders'>,
  all: readonly Budget[],
): Promise<RateVerdict | undefined> {
  const budgets = all.filter((budget) => budget.perMinute > 0);
  if (budgets.length === 0) return undefined;
  let hits: Hit[];
  try {
    hits = await countHits(options, budgets);
  } catch {
    return undefined;
  }
  const tightest = hits.reduce((a, b) => (remaining(b) < remaining(a) ? b : a));
  const resetSeconds = Math.max(1, Math.ceil(tightest.msLeft / 1000));
  const headers = {
    'RateLimit-Policy': `${tightest.budget.perMinute};w=${WINDOW_MS / 1000}`,
    'RateLimit-Limit': String(tightest.budget.perMinute),
    'RateLimit-Remaining': String(Math.max(0, remaining(tightest))),
    'RateLimit-Reset': String(resetSeconds),
  };
  if (tightest.count <= tightest.budget.perMinute) return { headers };
  return {
    headers,
    refusal: new HttpProblem({
      status: 429,
      title: 'Too Many Requests',
      detail: `more than ${tightest.budget.perMinute} requests in a minute ${tightest.budget.holder}; retry in ${resetSeconds} s`,
      headers: {
        'Retry-After': String(resetSeconds),
        ...(options.sentryHeaders ? { 'X-Sentry-Rate-Limits': `${resetSeconds}::organization` } : {}),
      },
    }),
  };
}

const remaining = (hit: Hit): number => hit.budget.perMinute - hit.count;

async function countHits(options: Pick<RateLimitOptions, 'redis' | 'prefix'>, budgets: readonly Budget[]): Promise<Hit[]> {
  const pipeline = options.redis.pipeline();
  for (const budget of budgets) pipeline.eval(HIT_SCRIPT, 1, rateLimitKey(options.prefix, budget.name), WINDOW_MS);
  const replies = (await pipeline.exec()) ?? [];
  return budgets.map((budget, index) => {
    const [error, reply] = replies[index] ?? [new Error('no reply'), undefined];
    if (error) throw error;
    const [count, msLeft] = reply as [number, number];
    return { budget, count, msLeft };
  });
}
