import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { createDb } from '@error-tracker/runtime/postgres';
import { createLogger } from '@error-tracker/runtime/logger';
import { type Db } from '@error-tracker/contracts/db/schema';
import { RETENTION_QUEUE } from '@error-tracker/contracts/queues';
import { type Service } from '@error-tracker/runtime/shutdown';
import { RETENTION_SCHEDULER_ID, startRetention } from '../../src';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/databases';
import { createTestRedisPrefix, redisUrl, type TestRedisPrefix } from '../../../../test/support/redis-prefix';
import { testConfig } from '../../../../test/support/test-config';
import { waitFor } from '../../../../test/support/wait-for';

const logger = createLogger('silent', 'retention-test');

let database: TestDatabase;
let db: Db;
let redisPrefix: TestRedisPrefix;
let connection: Redis;
let queue: Queue;
let replicas: Service[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  redisPrefix = createTestRedisPrefix();
  connection = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  queue = new Queue(RETENTION_QUEUE, { connection, prefix: redisPrefix.prefix });
});

afterAll(async () => {
  for (const replica of replicas) await replica.stop();
  await queue.close();
  connection.disconnect();
  await redisPrefix.cleanup();
  await db.destroy();
  await database.drop();
});

describe('retention scheduler', () => {
  it('runs the pass once across replicas now, then schedules the next one 24 h later', async () => {
    await sql`
      INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, count,
                          first_seen, last_seen, status, resolved_at)
      VALUES (md5('scheduled'), 'sched', 'production', 'ValueError', 'scheduled', 'error', 'backend', 1,
              now() - interval '120 days', now() - interval '100 days', 'resolved', now() - interval '100 days')`.execute(db);

    const config = testConfig(database.url, redisPrefix.prefix);
    replicas = await Promise.all([startRetention(config, logger), startRetention(config, logger), startRetention(config, logger)]);

    const counts = await waitFor('the first pass done and the next one scheduled', async () => {
      const c = await queue.getJobCounts('completed', 'active', 'waiting', 'delayed', 'failed');
      return c.completed === 1 && c.delayed === 1 && c.active === 0 ? c : undefined;
    });
    expect(counts).toMatchObject({ completed: 1, waiting: 0, failed: 0, delayed: 1 });
    expect(await db.selectFrom('errors').select('id').where('message', '=', 'scheduled').execute()).toEqual([]);

    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: RETENTION_SCHEDULER_ID, every: 24 * 3_600_000 });
    const [next] = await queue.getDelayed();
    expect(next!.timestamp + (next!.delay ?? 0) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const [done] = await queue.getCompleted();
    expect(done!.returnvalue).toMatchObject({ ran: true, groups: 1 });
  });

  it('a replica restarting keeps the schedule instead of running again', async () => {
    await replicas[0]!.stop();
    replicas = replicas.slice(1);
    replicas.push(await startRetention(testConfig(database.url, redisPrefix.prefix), logger));
    const counts = await queue.getJobCounts('completed', 'active', 'waiting', 'delayed');
    expect(counts).toMatchObject({ completed: 1, active: 0, waiting: 0, delayed: 1 });
  });
});
