import type { Redis } from 'ioredis';
import { prefixedKey } from '../queue/names';

/**
 * Cached read answers embed this number in their keys; bumping it makes every cached answer
 * unreachable at once (they then expire by TTL). The API bumps it on state changes, the ingest
 * worker when a batch creates or reopens a group.
 */
export function cacheGenerationKey(prefix: string): string {
  return prefixedKey(prefix, 'cache:generation');
}

export async function bumpCacheGeneration(redis: Redis, prefix: string): Promise<void> {
  await redis.incr(cacheGenerationKey(prefix));
}
