import { sql } from 'kysely';
import { QueueEvents } from 'bullmq';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { redisUrl } from '../support/redis-prefix';
import { enqueueEvents, jobHashesLeft, queueCounts } from '../support/enqueue';
import { countTotals, expectExactGroups, skewedLoad } from '../support/exact-counts';
import { useSandbox } from '../support/sandbox';
import { waitFor } from '../support/wait-for';

const sandbox = useSandbox({ per: 'test' });

describe('scale-out: several worker processes on one queue', () => {
  it('counts 5,000 events over 50 fingerprints exactly with 3 workers and a hot fingerprint', async () => {
    const workers = [1, 2, 3].map(() => sandbox.start('ingest-worker', { INGEST_BATCH_SIZE: '100' }));
    await Promise.all(workers.map((w) => w.waitForLine(/ingest worker started/)));

    const events = skewedLoad(5_000);
    await enqueueEvents(sandbox.redisPrefix, events);
    await waitFor('5,000 events counted', async () => ((await countTotals(sandbox.db)).events === 5_000 ? true : undefined), {
      timeoutMs: 90_000,
    });

    expect(await countTotals(sandbox.db)).toEqual({ events: 5_000, ingested: 5_000 });
    await expectExactGroups(sandbox.db, events);
    const counts = await queueCounts(sandbox.redisPrefix);
    expect(counts.failed).toBe(0);
    // A written bundle leaves nothing in Redis: its events are in PostgreSQL, and nobody reads its result.
    expect(counts.completed).toBe(0);
    expect(await jobHashesLeft(sandbox.redisPrefix)).toBe(0);
    const logs = workers.flatMap((w) => w.output).join('\n');
    expect(logs).not.toMatch(/deadlock/i);
    // Every worker took part.
    const { rows } = await sql<{ n: number }>`SELECT count(DISTINCT event_id)::int AS n FROM ingest_dedupe`.execute(sandbox.db);
    expect(rows[0]?.n).toBe(5_000);
  }, 120_000);

  it('counts every event exactly once when a worker is killed with SIGKILL mid-load and restarted', async () => {
    const env = { INGEST_BATCH_SIZE: '25', INGEST_CONCURRENCY: '50', INGEST_LOCK_MS: '2000' };
    const events = skewedLoad(8_000);
    await enqueueEvents(sandbox.redisPrefix, events);

    const first = sandbox.start('ingest-worker', env);
    await waitFor(
      'the first worker to be mid-load',
      async () => {
        const { events: counted } = await countTotals(sandbox.db);
        return counted > 1_000 && counted < 6_000 ? true : undefined;
      },
      { intervalMs: 20 },
    );
    first.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    const countedAtKill = (await countTotals(sandbox.db)).events;
    expect(countedAtKill).toBeLessThan(8_000);

    sandbox.start('ingest-worker', env);
    await waitFor('all 8,000 events counted', async () => ((await countTotals(sandbox.db)).events >= 8_000 ? true : undefined), {
      timeoutMs: 90_000,
    });
    // Jobs the killed worker held come back after the lock expires; give them time to show up twice if they could.
    await waitFor(
      'the queue to drain',
      async () => {
        const counts = await queueCounts(sandbox.redisPrefix);
        return (counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0) === 0 ? counts : undefined;
      },
      { timeoutMs: 60_000 },
    );

    expect(await countTotals(sandbox.db)).toEqual({ events: 8_000, ingested: 8_000 });
    await expectExactGroups(sandbox.db, events);
    expect((await queueCounts(sandbox.redisPrefix)).failed).toBe(0);
  }, 150_000);
});

describe('a killed worker’s jobs, with the default lock settings', () => {
  it('are back in work within 15 s, and counted exactly once', async () => {
    const events = skewedLoad(3_000);
    await enqueueEvents(sandbox.redisPrefix, events);
    // BullMQ announces each job it takes back from a dead worker: the moment it is back in work.
    const { hostname, port } = new URL(redisUrl());
    const queueEvents = sandbox.stopAfter(
      new QueueEvents(INGEST_QUEUE, { connection: { host: hostname, port: Number(port || 6379) }, prefix: sandbox.redisPrefix }),
    );
    const stalledAt: number[] = [];
    queueEvents.on('stalled', () => stalledAt.push(Date.now()));
    await queueEvents.waitUntilReady();
    const first = sandbox.start('ingest-worker', { INGEST_BATCH_SIZE: '25' });
    await waitFor(
      'the first worker to be mid-load',
      async () => {
        const { events: counted } = await countTotals(sandbox.db);
        return counted > 200 && counted < 2_000 ? true : undefined;
      },
      { intervalMs: 10 },
    );
    const second = sandbox.start('ingest-worker', { INGEST_BATCH_SIZE: '25' });
    await second.waitForLine(/ingest worker started/);
    first.kill('SIGKILL');
    const killedAt = Date.now();
    await first.exited;
    await waitFor('all 3,000 events counted', async () => ((await countTotals(sandbox.db)).events >= 3_000 ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 50,
    });
    expect(stalledAt.length).toBeGreaterThan(0);
    expect(Math.max(...stalledAt) - killedAt).toBeLessThanOrEqual(15_000);
    expect(await countTotals(sandbox.db)).toEqual({ events: 3_000, ingested: 3_000 });
    await expectExactGroups(sandbox.db, events);
  }, 90_000);
});
