import type { Request, RequestHandler, Response } from 'express';
import { readYourWritesKey } from '@error-tracker/contracts/redis-keys';
import type { ReadRouting, ReadTarget } from '@error-tracker/runtime/read-replica';
import type { RedisClient } from '@error-tracker/runtime/redis';
import { callerOf } from '../access/caller';
import type { WalPositions } from './wal-position';

/** A caller's marker outlives its last change by this long: a replica further behind serves them stale reads. */
export const MARKER_TTL_MS = 300_000;

const READS = new Set(['GET', 'HEAD']);

// A change starts: reads go to the primary until it has ended.
const BEGIN_SCRIPT = `
redis.call('HINCRBY', KEYS[1], 'pending', 1)
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

// A change ended: one fewer pending, and the position to wait for raised to ARGV[1] (never lowered).
const END_SCRIPT = `
if redis.call('HINCRBY', KEYS[1], 'pending', -1) <= 0 then redis.call('HDEL', KEYS[1], 'pending') end
local lsn = redis.call('HGET', KEYS[1], 'lsn')
if not lsn or lsn < ARGV[1] then redis.call('HSET', KEYS[1], 'lsn', ARGV[1]) end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

// The replica has replayed ARGV[1]: forget it, unless a later change raised it meanwhile.
const FORGET_SCRIPT = `
if redis.call('HGET', KEYS[1], 'lsn') == ARGV[1] then redis.call('HDEL', KEYS[1], 'lsn') end
return 1`;

/**
 * Read-your-writes across API replicas. A caller's change (any /api request that is not a read)
 * marks the caller in Redis as pending while it runs, then with the primary's WAL position once it
 * has answered. That caller's reads go to the primary while a change is pending or the replica has
 * not replayed that position; everyone else's go to the replica. Redis unavailable: the primary.
 */
export class ReadYourWrites {
  constructor(
    private readonly routing: ReadRouting,
    private readonly positions: WalPositions,
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  /** For /api, after authentication: picks where this request's reads go, or marks its change. */
  readonly route: RequestHandler = async (req: Request, res: Response, next) => {
    const caller = callerOf(res);
    if (!caller) {
      next();
      return;
    }
    const key = readYourWritesKey(this.prefix, caller.keyId === null ? 'bootstrap' : `key:${caller.keyId}`);
    if (READS.has(req.method)) {
      const target = await this.readTarget(key);
      if (target === 'replica') this.routing.onReplica(next);
      else next();
      return;
    }
    if (req.method === 'OPTIONS') {
      next();
      return;
    }
    await this.redis.eval(BEGIN_SCRIPT, 1, key, MARKER_TTL_MS).catch(() => undefined);
    // After the answer: its transaction has committed, so the position read now covers it.
    res.once('close', () => void this.ended(key));
    next();
  };

  private async readTarget(key: string): Promise<ReadTarget> {
    try {
      const [pending, lsn] = await this.redis.hmget(key, 'pending', 'lsn');
      if (pending !== null && pending !== undefined) return 'primary';
      if (lsn === null || lsn === undefined) return 'replica';
      if (!(await this.positions.replicaReached(lsn))) return 'primary';
      void this.redis.eval(FORGET_SCRIPT, 1, key, lsn).catch(() => undefined);
      return 'replica';
    } catch {
      return 'primary';
    }
  }

  private async ended(key: string): Promise<void> {
    try {
      const position = await this.positions.primary();
      await this.redis.eval(END_SCRIPT, 1, key, position, MARKER_TTL_MS);
    } catch {
      // Left pending: this caller reads from the primary until the marker expires.
    }
  }
}
