import type { RedisClient } from '@error-tracker/runtime/redis';
import { bumpCacheGeneration, cacheGenerationKey, readCacheKey } from '@error-tracker/contracts/redis-keys';
import { sleep } from '@error-tracker/runtime/retry';
import { cacheLookups } from '../http/metrics';

export type CacheStatus = 'HIT' | 'MISS';

export interface CachedAnswer<T> {
  readonly value: T;
  readonly status: CacheStatus;
}

/**
 * Says whether an answer computed now, in this request's context, shows every change made before a
 * cache generation began. With a read replica it may not yet: such an answer is served, never cached.
 */
export interface CacheFence {
  admits(generation: string): Promise<boolean>;
}

const LOCK_MS = 10_000;
const WAIT_FOR_PEER_MS = 3_000;
const POLL_MS = 25;

/**
 * Redis cache for read answers. Concurrent misses for one key compute once: in this process by
 * sharing the promise, across API replicas by a short Redis lock the others wait on. When Redis
 * is unavailable the answer is computed and served uncached. With a fence, an answer is cached only
 * when the fence admits it, so a lagging replica never stores a stale answer under a new generation.
 */
export class ReadCache {
  private readonly inFlight = new Map<string, Promise<CachedAnswer<unknown>>>();

  constructor(
    private readonly redis: RedisClient,
    private readonly prefix: string,
    private readonly fence?: CacheFence,
  ) {}

  async get<T>(route: string, query: string, ttlSeconds: number, compute: () => Promise<T>): Promise<CachedAnswer<T>> {
    const answer = await this.lookup(route, query, ttlSeconds, compute);
    cacheLookups.inc({ route, result: answer.status === 'HIT' ? 'hit' : 'miss' });
    return answer;
  }

  private async lookup<T>(route: string, query: string, ttlSeconds: number, compute: () => Promise<T>): Promise<CachedAnswer<T>> {
    const slot = await this.slotFor(route, query);
    if (slot === undefined) return { value: await compute(), status: 'MISS' };
    const { key, generation } = slot;

    // Fills in flight are all admitted, so their answers are fresh for anyone who joins them.
    const running = this.running<T>(key);
    if (running) return running;
    if (this.fence) {
      const hit = await this.read<T>(key);
      if (hit !== undefined) return { value: hit, status: 'HIT' };
      if (!(await this.admits(generation))) return { value: await compute(), status: 'MISS' };
    }
    const started = this.running<T>(key);
    if (started) return started;
    const fill = this.fill(key, ttlSeconds, compute).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, fill);
    return fill;
  }

  private running<T>(key: string): Promise<CachedAnswer<T>> | undefined {
    return this.inFlight.get(key) as Promise<CachedAnswer<T>> | undefined;
  }

  private async admits(generation: string): Promise<boolean> {
    try {
      return (await this.fence?.admits(generation)) ?? true;
    } catch {
      return false;
    }
  }

  private async fill<T>(key: string, ttlSeconds: number, compute: () => Promise<T>): Promise<CachedAnswer<T>> {
    const hit = await this.read<T>(key);
    if (hit !== undefined) return { value: hit, status: 'HIT' };
    const lockKey = `${key}:lock`;
    const locked = await this.redis.set(lockKey, '1', 'PX', LOCK_MS, 'NX').catch(() => 'OK');
    if (locked === 'OK') {
      // Another request may have filled the key between our read and taking the lock.
      const filled = await this.read<T>(key);
      if (filled !== undefined) {
        await this.redis.del(lockKey).catch(() => 0);
        return { value: filled, status: 'HIT' };
      }
    } else {
      const deadline = Date.now() + WAIT_FOR_PEER_MS;
      while (Date.now() < deadline) {
        await sleep(POLL_MS);
        const filled = await this.read<T>(key);
        if (filled !== undefined) return { value: filled, status: 'HIT' };
      }
    }
    const value = await compute();
    try {
      await this.redis.multi().set(key, JSON.stringify(value), 'EX', ttlSeconds).del(lockKey).exec();
    } catch {
      // Serving uncached is fine; the next request tries again.
    }
    return { value, status: 'MISS' };
  }

  /** Makes every cached answer stale at once. */
  async invalidate(): Promise<void> {
    try {
      await bumpCacheGeneration(this.redis, this.prefix);
    } catch {
      // Redis away: nothing can be served from it either, and TTLs bound staleness afterwards.
    }
  }

  private async slotFor(route: string, query: string): Promise<{ key: string; generation: string } | undefined> {
    try {
      const generation = (await this.redis.get(cacheGenerationKey(this.prefix))) ?? '0';
      return { key: readCacheKey(this.prefix, generation, route, query), generation };
    } catch {
      return undefined;
    }
  }

  private async read<T>(key: string): Promise<T | undefined> {
    try {
      const raw = await this.redis.get(key);
      return raw === null ? undefined : (JSON.parse(raw) as T);
    } catch {
      return undefined;
    }
  }
}

/** A stable cache key for a parsed query: keys sorted, undefined left out. */
export function normaliseQuery(query: Readonly<Record<string, unknown>>): string {
  return Object.keys(query)
    .filter((key) => query[key] !== undefined)
    .sort()
    .map((key) => `${key}=${encodeURIComponent(String(query[key]))}`)
    .join('&');
}
