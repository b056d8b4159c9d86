import type { Cluster, Redis } from 'ioredis';
import { NEW_ERRORS_STREAM } from './queues';

/**
 * Every Redis key outside BullMQ's own, under the same (hash-tagged) prefix as the queues. Each
 * key has one builder here, so two processes can never disagree on a name.
 */
function prefixedKey(prefix: string, name: string): string {
  return `${prefix}:${name}`;
}

/** The stream the ingest worker publishes created and reopened groups to. */
export function newErrorsStreamKey(prefix: string): string {
  return prefixedKey(prefix, NEW_ERRORS_STREAM);
}

/**
 * Cached read answers embed this number in their keys; bumping it makes every cached answer
 * unreachable at once (they then expire by TTL). The API bumps it on state changes, the ingest
 * worker when a batch creates or reopens a group, retention after a purge.
 */
export function cacheGenerationKey(prefix: string): string {
  return prefixedKey(prefix, 'cache:generation');
}

export async function bumpCacheGeneration(redis: Redis | Cluster, prefix: string): Promise<void> {
  await redis.incr(cacheGenerationKey(prefix));
}

/** One cached read answer of the API, valid for one cache generation. */
export function readCacheKey(prefix: string, generation: string, route: string, query: string): string {
  return prefixedKey(prefix, `cache:${generation}:${route}:${query}`);
}

/**
 * The primary's WAL position when a cache generation was first seen: an answer computed on a read
 * replica is cached under that generation only once the replica has replayed this far.
 */
export function readCacheFenceKey(prefix: string, generation: string): string {
  return prefixedKey(prefix, `cache:fence:${generation}`);
}

/** One caller's (API key's) changes the read replica may not show yet: a hash of `pending` and `lsn`. */
export function readYourWritesKey(prefix: string, caller: string): string {
  return prefixedKey(prefix, `ryw:${caller}`);
}

/** The per-client request counter shared by every API replica. */
export function rateLimitKey(prefix: string, client: string): string {
  return prefixedKey(prefix, `ratelimit:${client}`);
}

/** The notifier's alert-storm window (ALERT_EMAILS), shared by every notifier replica. */
export function stormGuardKey(prefix: string): string {
  return prefixedKey(prefix, 'notifier:storm');
}

/** The storm window of one rule channel's new-error and regression deliveries. */
export function channelStormKey(prefix: string, channel: string): string {
  return prefixedKey(prefix, `notifier:storm:${channel}`);
}

/**
 * The highest INGEST_SHARDS any API or worker has run with: workers drain shards up to it, so
 * lowering the count never strands the jobs still waiting in the shards beyond it.
 */
export function ingestShardCountKey(prefix: string): string {
  return prefixedKey(prefix, 'ingest-shards');
}
