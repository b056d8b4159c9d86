import { sql } from 'kysely';
import { createLogger } from '@error-tracker/runtime/logger';
import { startIngestWorker } from '@error-tracker/ingest-worker';
import { type BatchProgress, runPurgePass } from '../../services/retention/src';
import { enqueueEvents } from '../support/enqueue';
import { ingestEvent, pythonTrace } from '../support/events';
import { useSandbox } from '../support/sandbox';
import { waitFor } from '../support/wait-for';

const logger = createLogger('silent', 'retention-test');
const OLD_GROUPS = 100_000;
const LIVE_EVENTS = 2_000;
const BATCH = 1_000;

const sandbox = useSandbox();

async function scalar(query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  return (await query.execute(sandbox.db)).rows[0]?.n ?? 0;
}

const liveCounted = () =>
  scalar(sql<{ n: number }>`
    SELECT coalesce(sum(t.count), 0)::int AS n FROM errors e JOIN error_totals t ON t.error_id = e.id WHERE e.project = 'live'`);

describe('retention at scale', () => {
  it('deletes 100,000 old resolved groups in batches of 1,000 while ingest keeps writing', async () => {
    // Old resolved groups, each with a counter, an outbox row and an occurrence (the cascades the purge pays for).
    await sql`
      INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, culprit, count,
                          first_seen, last_seen, status, resolved_at)
      SELECT md5('bulk-' || i), 'bulk', 'production', 'ValueError', 'bulk error ' || i, 'error', 'backend',
             'app/bulk.py:' || i, 3, now() - interval '200 days', now() - interval '100 days' - make_interval(secs => i),
             'resolved', now() - interval '100 days'
      FROM generate_series(1, ${OLD_GROUPS}) AS i`.execute(sandbox.db);
    await sql`
      INSERT INTO error_counts (error_id, hour, level, count)
      SELECT id, date_trunc('hour', last_seen), 'error', 3 FROM errors WHERE project = 'bulk'`.execute(sandbox.db);
    await sql`
      INSERT INTO outbox (error_id, event_id, kind, created_at, sent_at)
      SELECT id, gen_random_uuid(), 'new', first_seen, first_seen FROM errors WHERE project = 'bulk'`.execute(sandbox.db);
    await sql`
      INSERT INTO error_occurrences (error_id, event_id, timestamp, received_at, environment, message, level)
      SELECT id, gen_random_uuid(), last_seen, last_seen, 'production', message, 'error' FROM errors WHERE project = 'bulk'`.execute(
      sandbox.db,
    );
    await sql`ANALYZE`.execute(sandbox.db);

    sandbox.stopAfter(await startIngestWorker(sandbox.config({ INGEST_BATCH_SIZE: '50' }), logger));
    const live = Array.from({ length: LIVE_EVENTS }, (_, i) =>
      ingestEvent({ project: 'live', traceback: pythonTrace(`live_${i % 20}`, 10 + (i % 20)) }),
    );

    const groupBatches: BatchProgress[] = [];
    const liveAtBatch: number[] = [];
    const report = await runPurgePass(
      {
        db: sandbox.db,
        redis: sandbox.redis,
        settings: { retentionDays: 90, redisPrefix: sandbox.redisPrefix, groupBatchSize: BATCH, rowBatchSize: 5_000 },
        logger,
      },
      {
        onBatch: async (progress) => {
          if (progress.step !== 'groups') return;
          groupBatches.push(progress);
          // Ingest starts once the purge is under way; by the halfway mark it has committed while the purge runs.
          if (progress.batch === 1) await enqueueEvents(sandbox.redisPrefix, live);
          if (progress.batch === 50)
            await waitFor('ingest committing mid-purge', async () => ((await liveCounted()) > 0 ? true : undefined));
          liveAtBatch.push(await liveCounted());
        },
      },
    );

    expect(report.groups).toBe(OLD_GROUPS);
    expect(groupBatches).toHaveLength(OLD_GROUPS / BATCH);
    expect(groupBatches.every((b) => b.deleted === BATCH)).toBe(true);
    // The purge went on for another 50 batches after ingest had written.
    expect(liveAtBatch[49]).toBeGreaterThan(0);
    expect(liveAtBatch.slice(50)).toHaveLength(50);

    expect(await scalar(sql<{ n: number }>`SELECT count(*)::int AS n FROM errors WHERE project = 'bulk'`)).toBe(0);
    for (const table of ['error_counts', 'outbox', 'error_occurrences', 'recent_occurrences']) {
      const left = await scalar(sql<{ n: number }>`
        SELECT count(*)::int AS n FROM ${sql.table(table)} t WHERE NOT EXISTS (SELECT 1 FROM errors e WHERE e.id = t.error_id)`);
      expect(left).toBe(0);
    }

    await waitFor('every live event counted', async () => ((await liveCounted()) === LIVE_EVENTS ? true : undefined));
    expect(await scalar(sql<{ n: number }>`SELECT count(*)::int AS n FROM errors WHERE project = 'live'`)).toBe(20);
  }, 60_000);
});
