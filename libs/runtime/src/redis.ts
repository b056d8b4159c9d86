import { Redis, type RedisOptions } from 'ioredis';

/**
 * - `producer`: request paths (enqueue, cache, rate limit). Commands fail at once while Redis is
 *   away, so the API can answer 503 instead of hanging; the connection keeps retrying underneath.
 * - `worker`: blocking consumers. Commands wait for the reconnect, forever.
 */
export type RedisPurpose = 'producer' | 'worker';

/** A request path never waits longer than this on Redis; the caller answers 503 instead. */
const PRODUCER_COMMAND_TIMEOUT_MS = 2_000;

const reconnectForever = (attempt: number): number => Math.min(100 * 2 ** Math.min(attempt, 6), 5_000);

export function createRedis(url: string, purpose: RedisPurpose, name = 'error-tracker'): Redis {
  const common: RedisOptions = {
    connectionName: name,
    connectTimeout: 5_000,
    retryStrategy: reconnectForever,
    lazyConnect: false,
  };
  const options: RedisOptions =
    purpose === 'producer'
      ? { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: PRODUCER_COMMAND_TIMEOUT_MS }
      : { ...common, enableOfflineQueue: true, maxRetriesPerRequest: null };
  const redis = new Redis(url, options);
  // Connection errors are retried by retryStrategy; callers observe failures through commands.
  redis.on('error', () => undefined);
  return redis;
}

/** Resolves once the connection is ready, or rejects after timeoutMs. */
export async function waitForRedis(redis: Redis, timeoutMs = 10_000): Promise<void> {
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
export async function closeRedis(redis: Redis): Promise<void> {
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
