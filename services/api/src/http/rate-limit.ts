import { rateLimitKey } from '@error-tracker/contracts/redis-keys';
import type { Request, RequestHandler, Response } from 'express';
import type { RedisClient } from '@error-tracker/runtime/redis';
import { HttpProblem } from './problem';

const WINDOW_MS = 60_000;

// INCRBY and set the window's expiry in one round trip; answers [count, ms left in the window].
const HIT_SCRIPT = `
local count = redis.call('INCRBY', KEYS[1], ARGV[2])
if count == tonumber(ARGV[2]) then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
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
  readonly counter: HitCounter;
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
  options: Pick<RateLimitOptions, 'counter' | 'sentryHeaders'>,
  all: readonly Budget[],
): Promise<RateVerdict | undefined> {
  const budgets = all.filter((budget) => budget.perMinute > 0);
  if (budgets.length === 0) return undefined;
  let hits: Hit[];
  try {
    hits = await Promise.all(budgets.map(async (budget) => ({ budget, ...(await options.counter.hit(budget.name)) })));
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

interface Waiting {
  readonly resolve: (count: { count: number; msLeft: number }) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Counts hits in fixed one-minute windows in Redis, so every API replica shares each budget. The
 * hits of one turn of the event loop go to Redis together, one INCRBY per budget: the n requests
 * charged to a budget in a turn get the counts n serial INCRs would have given them, in order. A
 * round trip per request had cost more than the rest of an ingest request (the API accepted less
 * than half as many events with the per-key limit on).
 */
export class HitCounter {
  private waiting = new Map<string, Waiting[]>();
  private scheduled = false;

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** One more hit on the budget's counter: its count in the window, this hit included, and the ms the window has left. */
  hit(name: string): Promise<{ count: number; msLeft: number }> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(name);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(name, [{ resolve, reject }]);
      if (this.scheduled) return;
      this.scheduled = true;
      setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const batch = this.waiting;
    this.waiting = new Map();
    this.scheduled = false;
    // One EVAL per budget rather than a pipeline: ioredis builds each pipeline by copying every script
    // defined on the connection (BullMQ's dozens), which cost more than the round trip it saved.
    for (const [name, waiters] of batch) {
      this.redis.eval(HIT_SCRIPT, 1, rateLimitKey(this.prefix, name), WINDOW_MS, waiters.length).then(
        (reply) => {
          const [total, msLeft] = reply as [number, number];
          const first = total - waiters.length + 1;
          waiters.forEach((waiter, position) => waiter.resolve({ count: first + position, msLeft }));
        },
        (error: unknown) => waiters.forEach((waiter) => waiter.reject(error)),
      );
    }
  }
}
