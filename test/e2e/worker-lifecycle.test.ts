import { sleep } from '@error-tracker/runtime/retry';
import { sql } from 'kysely';
import { createDb } from '@error-tracker/runtime/postgres';
import { type Db } from '@error-tracker/contracts/db/schema';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { enqueueEvents, queueCounts } from '../support/enqueue';
import { ingestEvent, pythonTrace } from '../support/events';
import { type OutageProxy, startOutageProxy, throughProxy } from '../support/outage-proxy';
import { type RoleProcess, startRole, stopAll } from '../support/processes';
import { createTestRedisPrefix, redisUrl, type TestRedisPrefix } from '../support/redis-prefix';
import { testEnv } from '../support/test-config';
import { waitFor } from '../support/wait-for';

let database: TestDatabase;
let redisPrefix: TestRedisPrefix;
let db: Db;
let workers: RoleProcess[] = [];
let proxies: OutageProxy[] = [];

beforeEach(async () => {
  database = await createTestDatabase();
  redisPrefix = createTestRedisPrefix();
  db = createDb(database.url);
});

afterEach(async () => {
  await stopAll(workers);
  workers = [];
  await Promise.all(proxies.map((proxy) => proxy.close()));
  proxies = [];
  await db.destroy();
  await redisPrefix.cleanup();
  await database.drop();
});

const load = (total: number) =>
  Array.from({ length: total }, (_, i) =>
    ingestEvent({ project: 'lifecycle', traceback: pythonTrace(`m${i % 40}`, 1 + (i % 40)), user_id: `e${i}` }),
  );

async function counted(): Promise<{ events: number; ingested: number }> {
  const { rows } = await sql<{ events: number; ingested: number }>`
    SELECT (SELECT coalesce(sum(count), 0)::int FROM errors) AS events,
           (SELECT count(*)::int FROM ingested_events) AS ingested`.execute(db);
  return rows[0]!;
}

describe('ingest worker lifecycle', () => {
  it('drains on SIGTERM under load, exits 0, and loses nothing accepted', async () => {
    const env = testEnv(database.url, redisPrefix.prefix, { LOG_LEVEL: 'info', INGEST_BATCH_SIZE: '50', INGEST_CONCURRENCY: '200' });
    await enqueueEvents(redisPrefix.prefix, load(6_000));
    const first = startRole('ingest-worker', env);
    workers.push(first);
    await waitFor('the worker to be mid-load', async () => ((await counted()).events > 500 ? true : undefined), { intervalMs: 20 });

    const signalledAt = Date.now();
    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(30_000);
    expect(first.output.join('\n')).toMatch(/"service":"ingest-worker","msg":"stopped"/);
    const atStop = await counted();
    expect(atStop.events).toBeLessThan(6_000);
    // Everything it took was committed before it left: nothing is left active for a lock to expire.
    expect((await queueCounts(redisPrefix.prefix)).active).toBe(0);

    const second = startRole('ingest-worker', env);
    workers.push(second);
    await waitFor('all 6,000 events', async () => ((await counted()).events >= 6_000 ? true : undefined), { timeoutMs: 60_000 });
    expect(await counted()).toEqual({ events: 6_000, ingested: 6_000 });
  }, 120_000);

  it('rides out PostgreSQL and Redis going away and recovers by itself', async () => {
    const database_ = new URL(database.url);
    const redis_ = new URL(redisUrl());
    const pgProxy = await startOutageProxy(database_.hostname, Number(database_.port || 5432));
    const redisProxy = await startOutageProxy(redis_.hostname, Number(redis_.port || 6379));
    proxies.push(pgProxy, redisProxy);
    const env = testEnv(throughProxy(database.url, pgProxy), redisPrefix.prefix, {
      LOG_LEVEL: 'info',
      REDIS_URL: throughProxy(redisUrl(), redisProxy),
      INGEST_BATCH_SIZE: '50',
    });
    const worker = startRole('ingest-worker', env);
    workers.push(worker);
    await worker.waitForLine(/ingest worker started/);

    await enqueueEvents(redisPrefix.prefix, load(1_000));
    await waitFor('the first 1,000', async () => ((await counted()).events === 1_000 ? true : undefined));

    pgProxy.down();
    redisProxy.down();
    await enqueueEvents(redisPrefix.prefix, load(1_000));
    await sleep(3_000);
    expect((await counted()).events).toBe(1_000);
    expect(worker.child.exitCode).toBeNull();

    redisProxy.up();
    await waitFor('the worker to hit the database outage', async () =>
      worker.output.some((line) => /database unavailable; retrying the batch/.test(line)) ? true : undefined,
    );
    pgProxy.up();
    await waitFor('the second 1,000 after the outage', async () => ((await counted()).events === 2_000 ? true : undefined), {
      timeoutMs: 60_000,
    });
    expect(await counted()).toEqual({ events: 2_000, ingested: 2_000 });
    expect((await queueCounts(redisPrefix.prefix)).failed).toBe(0);
    expect(worker.child.exitCode).toBeNull();
  }, 120_000);
});
