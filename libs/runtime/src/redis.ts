import { Cluster, type ClusterOptions, Redis, type RedisOptions } from 'ioredis';
import { parseRedisUrl, type RedisEndpoint } from './config/redis-endpoint';

/** A connection to one Redis or to a Redis Cluster (REDIS_URL `redis+cluster://…`): every role takes either. */
export type RedisClient = Redis | Cluster;

/**
 * - `producer`: request paths (enqueue, cache, rate limit). Commands fail at once while Redis is
 *   away, so the API can answer 503 instead of hanging; the connection keeps retrying underneath.
 * - `worker`: blocking consumers. Commands wait for the reconnect, forever.
 */
export type RedisPurpose = 'producer' | 'worker';

/** A request path never waits longer than this on Redis; the caller answers 503 instead. */
const PRODUCER_COMMAND_TIMEOUT_MS = 2_000;

const reconnectForever = (attempt: number): number => Math.min(100 * 2 ** Math.min(attempt, 6), 5_000);

function connectionOptions(purpose: RedisPurpose, name: string): RedisOptions {
  const common: RedisOptions = { connectionName: name, connectTimeout: 5_000 };
  return purpose === 'producer'
    ? { ...common, maxRetriesPerRequest: 1, commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS }
    : { ...common, maxRetriesPerRequest: null };
}

/** `url` is REDIS_URL: one Redis, or a cluster's seed nodes (`redis+cluster://host:port,host:port`). */
export function createRedis(url: string, purpose: RedisPurpose, name = 'error-tracker'): RedisClient {
  const endpoint = parseRedisUrl(url);
  const redis =
    endpoint.kind === 'single'
      ? new Redis(url, {
          ...connectionOptions(purpose, name),
          retryStrategy: reconnectForever,
          enableOfflineQueue: purpose === 'worker',
          lazyConnect: false,
        })
      : new Cluster([...endpoint.nodes], clusterOptions(endpoint, purpose, name));
  // Connection errors are retried by retryStrategy; callers observe failures through commands.
  redis.on('error', () => undefined);
  return redis;
}

function clusterOptions(
  endpoint: Extract<RedisEndpoint, { kind: 'cluster' }>,
  purpose: RedisPurpose,
  name: string,
): ClusterOptions {
  return {
    clusterRetryStrategy: reconnectForever,
    enableOfflineQueue: purpose === 'worker',
    // Asking a node for the slot map (at start, and after a MOVED or a failover) gives up after this.
    slotsRefreshTimeout: 2_000,
    redisOptions: {
      ...connectionOptions(purpose, name),
      username: endpoint.username,
      password: endpoint.password,
      ...(endpoint.tls ? { tls: {} } : {}),
    },
  };
}

/**
 * Another connection to the same Redis or cluster, for a blocking reader (XREAD BLOCK): commands
 * wait for a reconnect instead of failing.
 */
export function duplicateForBlocking(redis: RedisClient): RedisClient {
  const copy =
    redis instanceof Cluster
      ? redis.duplicate([], {
          enableOfflineQueue: true,
          redisOptions: { ...redis.options.redisOptions, maxRetriesPerRequest: null, commandTimeout: undefined },
        })
      : redis.duplicate({ maxRetriesPerRequest: null, enableOfflineQueue: true, commandTimeout: undefined });
  copy.on('error', () => undefined);
  return copy;
}

/** Resolves once the connection is ready, or rejects after timeoutMs. */
export async function waitForRedis(redis: RedisClient, timeoutMs = 10_000): Promise<void> {
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      reject(new Error(`Redis not ready after ${timeoutMs} ms`));
    }, timeoutMs);
    const onReady = (): void => {
      clearTimeout(timer);
      resolve();
    };
    redis.once('ready', onReady);
  });
}

/** Closes gracefully when connected (pending replies arrive first), at once otherwise. */
export async function closeRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
