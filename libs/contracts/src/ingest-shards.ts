import type { Cluster, Redis } from 'ioredis';

/**
 * The ingest queue is split into INGEST_SHARDS BullMQ queues of the same name, each under a prefix
 * of its own. Shard 0 keeps REDIS_PREFIX itself, so one shard is the queue as it always was and
 * raising the count keeps the queue a running system already has. Every other shard carries its
 * own hash tag (`{et}` → `{et:1}`, `{et:2}`…), so on a Redis Cluster each shard is a slot of its
 * own, which the cluster places on some master: the shards spread over the masters.
 */

/** Where Redis finds a key's hash tag: the first `{`, up to the next `}`, not empty. */
export function hashTagSpan(key: string): { readonly start: number; readonly end: number } | undefined {
  const open = key.indexOf('{');
  if (open < 0) return undefined;
  const close = key.indexOf('}', open + 1);
  if (close <= open + 1) return undefined;
  return { start: open + 1, end: close };
}

export function ingestShardPrefix(prefix: string, shard: number): string {
  if (shard === 0) return prefix;
  const tag = hashTagSpan(prefix);
  if (!tag) return `${prefix}{${shard}}`;
  return `${prefix.slice(0, tag.end)}:${shard}${prefix.slice(tag.end)}`;
}

/** The prefixes of shards 0…count-1. */
export function ingestShardPrefixes(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, shard) => ingestShardPrefix(prefix, shard));
}

// Only ever raised: a replica still running with a lower count must not hide the shards above it.
const RAISE = `
local recorded = tonumber(redis.call('GET', KEYS[1]) or '0')
local count = tonumber(ARGV[1])
if count > recorded then redis.call('SET', KEYS[1], count); return count end
return recorded`;

/**
 * Records that this process runs with `count` shards (ingestShardCountKey) and answers the highest
 * count recorded: the shards that may hold jobs.
 */
export async function raiseIngestShardCount(redis: Redis | Cluster, key: string, count: number): Promise<number> {
  const recorded = Number(await redis.eval(RAISE, 1, key, count));
  return Number.isInteger(recorded) && recorded > count ? recorded : count;
}
