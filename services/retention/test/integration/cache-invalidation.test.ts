import { sql } from 'kysely';
import { cacheGenerationKey } from '@error-tracker/contracts/redis-keys';
import { createLogger } from '@error-tracker/runtime/logger';
import { runRetentionOnce } from '../../src';
import { useSandbox } from '../../../../test/support/sandbox';
import { seedEvents } from '../../../../test/support/seed';

const sandbox = useSandbox();

describe('retention and the read cache', () => {
  it('bumps the cache generation when a pass deletes groups, and not otherwise', async () => {
    const { db, redis } = sandbox;
    const generation = async () => Number((await redis.get(cacheGenerationKey(sandbox.redisPrefix))) ?? 0);
    const config = sandbox.config();
    const logger = createLogger('silent', 'test');
    await seedEvents(db, [
      { project: 'old', message: 'long resolved' },
      { project: 'old', message: 'still open', exception_type: 'KeyError' },
    ]);
    await runRetentionOnce(config, logger);
    expect(await generation()).toBe(0);

    await sql`
      UPDATE errors SET status = 'resolved', resolved_at = now() - interval '400 days', last_seen = now() - interval '400 days'
      WHERE message = 'long resolved'`.execute(db);
    await runRetentionOnce(config, logger);
    expect(await generation()).toBe(1);
    const left = await db.selectFrom('errors').select('message').execute();
    expect(left.map((row) => row.message)).toEqual(['still open']);
  });
});
