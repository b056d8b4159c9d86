import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export function redisUrl(): string {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is not set: the jest global setup (or the bench) sets it from findTestServers()');
  return url;
}

export interface TestRedisPrefix {
  /** A hash-tagged prefix no other test uses. */
  readonly prefix: string;
  /** Deletes every key under the prefix. */
  cleanup(): Promise<void>;
}

export function createTestRedisPrefix(): TestRedisPrefix {
  const prefix = `{ettest-${randomBytes(5).toString('hex')}}`;
  return {
    prefix,
    cleanup: async () => {
      const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
      try {
        let cursor = '0';
        do {
          // `{ettest-…` also matches the ingest shards' prefixes (`{ettest-…:1}`).
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix.slice(0, -1)}*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await redis.unlink(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
