import { sleep } from '@error-tracker/runtime/retry';
import { sql } from 'kysely';
import { enqueueEvents, queueCounts } from '../support/enqueue';
import { ingestEvent, pythonTrace } from '../support/events';
import { startTcpProxy, throughProxy } from '../support/tcp-proxy';
import { redisUrl } from '../support/redis-prefix';
import { useSandbox } from '../support/sandbox';
import { waitFor } from '../support/wait-for';

const sandbox = useSandbox({ per: 'test' });

const load = (total: number) =>
  Array.from({ length: total }, (_, i) =>
    ingestEvent({ project: 'lifecycle', traceback: pythonTrace(`m${i % 40}`, 1 + (i % 40)), user_id: `e${i}` }),
  );

async function counted(): Promise<{ events: number; ingested: number }> {
  const { rows } = await sql<{ events: number; ingested: number }>`
    SELECT (SELECT coalesce(sum(count), 0)::int FROM error_totals) AS events,
           (SELECT count(DISTINCT event_id)::int FROM ingest_dedupe) AS ingested`.execute(sandbox.db);
  return rows[0]!;
}

describe('ingest worker lifecycle', () => {
  it('drains on SIGTERM under load, exits 0, and loses nothing accepted', async () => {
    const env = { INGEST_BATCH_SIZE: '50', INGEST_CONCURRENCY: '200' };
    await enqueueEvents(sandbox.redisPrefix, load(6_000));
    const first = sandbox.start('ingest-worker', env);
    await waitFor('the worker to be mid-load', async () => ((await counted()).events > 500 ? true : undefined), {
      intervalMs: 20,
    });

    const signalledAt = Date.now();
    first.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(30_000);
    expect(first.output.join('\n')).toMatch(/"service":"ingest-worker","msg":"stopped"/);
    const atStop = await counted();
    expect(atStop.events).toBeLessThan(6_000);
    // Everything it took was committed before it left: nothing is left active for a lock to expire.
    expect((await queueCounts(sandbox.redisPrefix)).active).toBe(0);

    sandbox.start('ingest-worker', env);
    await waitFor('all 6,000 events', async () => ((await counted()).events >= 6_000 ? true : undefined), { timeoutMs: 60_000 });
    expect(await counted()).toEqual({ events: 6_000, ingested: 6_000 });
  }, 120_000);

  it('rides out PostgreSQL and Redis going away and recovers by itself', async () => {
    const database = new URL(sandbox.database.url);
    const redis = new URL(redisUrl());
    const pgProxy = sandbox.stopAfter(await startTcpProxy(database.hostname, Number(database.port || 5432)));
    const redisProxy = sandbox.stopAfter(await startTcpProxy(redis.hostname, Number(redis.port || 6379)));
    const worker = sandbox.start('ingest-worker', {
      DATABASE_URL: throughProxy(sandbox.database.url, pgProxy),
      REDIS_URL: throughProxy(redisUrl(), redisProxy),
      INGEST_BATCH_SIZE: '50',
    });
    await worker.waitForLine(/ingest worker started/);

    await enqueueEvents(sandbox.redisPrefix, load(1_000));
    await waitFor('the first 1,000', async () => ((await counted()).events === 1_000 ? true : undefined));

    pgProxy.down();
    redisProxy.down();
    await enqueueEvents(sandbox.redisPrefix, load(1_000));
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
    expect((await queueCounts(sandbox.redisPrefix)).failed).toBe(0);
    expect(worker.child.exitCode).toBeNull();
  }, 120_000);
});
