import { hashTagSpan } from '@error-tracker/contracts/ingest-shards';
import * as redisKeys from '@error-tracker/contracts/redis-keys';

const tagOf = (key: string): string | undefined => {
  const span = hashTagSpan(key);
  return span && key.slice(span.start, span.end);
};

describe('Redis keys on a cluster', () => {
  // The rate limiter's pipeline, the read cache's MULTI and every script may touch several of these
  // keys at once: on a Redis Cluster that works only while they share one slot, REDIS_PREFIX's.
  it("gives every key built in redis-keys.ts the prefix's hash tag, whatever its arguments", () => {
    const builders = Object.entries(redisKeys).filter(([name]) => name.endsWith('Key'));
    expect(builders.length).toBeGreaterThan(5);
    for (const [name, build] of builders) {
      const key = (build as (...parts: string[]) => string)('{et-prod}', '{x}', 'ip:10.0.0.1', 'q=a&b={c}');
      expect([name, tagOf(key)]).toEqual([name, 'et-prod']);
    }
  });
});
