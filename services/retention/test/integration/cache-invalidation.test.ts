import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { cacheGenerationKey } from '@error-tracker/contracts/redis-keys';
import { createDb } from '@error-tracker/runtime/postgres';
import { createLogger } from '@error-tracker/runtime/logger';
import { runRetentionOnce } from '../../src';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/databases';
import { createTestRedisPrefix, redisUrl, type TestRedisPrefix } from '../../../../test/support/redis-prefix';
import { seedEvents } from '../../../../test/support/seed';
import { testConfig } from '../../../../test/support/test-config';

let database: TestDatabase;
let redisPrefix: TestRedisPrefix;

beforeAll(async () => {
  database = await createTestDatabase();
  redisPrefix = createTestRedisPrefix();
});
afterAll(async () => {
  await redisPrefix.cleanup();
  await database.drop();
});

describe('retention and the read cache', () => {
  it('bumps the cache generation when a pass deletes groups, and not otherwise', async () => {
    const redis = new Redis(redisUrl());
    const db = createDb(database.url);
    const generation = async () => Number((await redis.get(cacheGenerationKey(redisPrefix.prefix))) ?? 0);
    const config = testConfig(database.url, redisPrefix.prefix);
    const logger = createLogger('silent', 'test');
    try {
      await seedEvents(db, [{ project: 'old', message: 'long resolved' }, { project: 'old', message: 'still open', exception_type: 'KeyError' }]);
      await runRetentionOnce(config, logger);
      expect(await generation()).toBe(0);

      await sql`
        UPDATE errors SET status = 'resolved', resolved_at = now() - interval '400 days', last_seen = now() - interval '400 days'
        WHERE message = 'long resolved'`.execute(db);
      await runRetentionOnce(config, logger);
      expect(await generation()).toBe(1);
      const left = await db.selectFrom('errors').select('message').execute();
      expect(left.map((row) => row.message)).toEqual(['still open']);
    } finally {
      redis.disconnect();
      await db.destroy();
    }
  });
});
