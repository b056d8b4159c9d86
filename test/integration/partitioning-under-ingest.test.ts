import { sql } from 'kysely';
import { migrateToLatest } from '@error-tracker/contracts/db/migrate';
import type { IngestEvent } from '@error-tracker/contracts/ingest-job';
import { startIngestWorker } from '@error-tracker/ingest-worker';
import { createLogger } from '@error-tracker/runtime/logger';
import { maintainPartitions } from '@error-tracker/runtime/partitions/maintain-partitions';
import { sleep } from '@error-tracker/runtime/retry';
import { enqueueEvents, queueCounts } from '../support/enqueue';
import { ingestEvent, pythonTrace } from '../support/events';
import { migrateBeforePartitioning, seedLegacyRows, storedFigures } from '../support/pre-partitioning';
import { useSandbox } from '../support/sandbox';
import { waitFor } from '../support/wait-for';

const logger = createLogger('silent', 'partitioning-test');
const LEGACY_GROUPS = 30_000;
const LIVE_GROUPS = 40;

const sandbox = useSandbox({ empty: true });

async function scalar(query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
  return (await query.execute(sandbox.db)).rows[0]?.n ?? 0;
}

const liveCounted = () =>
  scalar(sql<{ n: number }>`
    SELECT coalesce(sum(t.count), 0)::int AS n FROM errors e JOIN error_totals t ON t.error_id = e.id WHERE e.project = 'live'`);

function liveEvents(from: number, n: number): IngestEvent[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const at = new Date(Date.now() - 60_000 + i).toISOString();
    return ingestEvent({
      project: 'live',
      traceback: pythonTrace(`live_${i % LIVE_GROUPS}`, 10 + (i % LIVE_GROUPS)),
      timestamp: at,
      user_id: `event-${i}`,
    });
  });
}

describe('partitioning the tables of a running installation', () => {
  it('converts them while a worker ingests, and afterwards every event is counted exactly once', async () => {
    await migrateBeforePartitioning(sandbox.db);
    await seedLegacyRows(sandbox.db, LEGACY_GROUPS);
    const legacy = await storedFigures(sandbox.db, sql`e.project = 'legacy'`);
    await migrateToLatest(sandbox.db);

    sandbox.stopAfter(await startIngestWorker(sandbox.config({ INGEST_BATCH_SIZE: '50' }), logger));
    const sent: IngestEvent[] = [];
    let feeding = true;
    const feeder = (async () => {
      while (feeding) {
        const chunk = liveEvents(sent.length, 100);
        sent.push(...chunk);
        await enqueueEvents(sandbox.redisPrefix, chunk, 10);
        await sleep(20);
      }
    })();
    await waitFor('ingest under way', async () => ((await liveCounted()) > 0 ? true : undefined));

    const countedAtStart = await liveCounted();
    const made = await maintainPartitions(sandbox.db, logger);
    const countedAtEnd = await liveCounted();
    feeding = false;
    await feeder;

    expect(made.converted).toEqual(['event_minutes', 'monitoring_samples', 'error_occurrences', 'error_counts']);
    // Batches committed while the tables were being converted.
    expect(countedAtEnd).toBeGreaterThan(countedAtStart);
    await waitFor('every event counted', async () => ((await liveCounted()) === sent.length ? true : undefined), {
      timeoutMs: 60_000,
    });

    // Nothing lost, nothing doubled: the groups' counts, the dedupe record, the hourly counters and
    // the per-minute counts all say the number of events sent; the old rows are all still there.
    expect(await liveCounted()).toBe(sent.length);
    expect(await scalar(sql<{ n: number }>`SELECT count(DISTINCT event_id)::int AS n FROM ingest_dedupe`)).toBe(sent.length);
    const live = await storedFigures(sandbox.db, sql`e.project = 'live'`);
    expect(live.counted).toBe(sent.length);
    expect(live.occurrences).toBe(LIVE_GROUPS * 5);
    expect(await scalar(sql<{ n: number }>`SELECT sum(count)::int AS n FROM event_minutes WHERE project = 'live'`)).toBe(
      sent.length,
    );
    expect(await storedFigures(sandbox.db, sql`e.project = 'legacy'`)).toEqual({
      ...legacy,
      minutes: legacy.minutes + sent.length,
    });

    // Each group's five occurrences are its newest five events.
    const newestFirst = new Map<string, string[]>();
    for (const event of sent) newestFirst.set(event.traceback!, [event.user_id!, ...(newestFirst.get(event.traceback!) ?? [])]);
    const { rows } = await sql<{ traceback: string; user_ids: string[] }>`
      SELECT e.traceback, array_agg(o.user_id ORDER BY o.timestamp DESC) AS user_ids
      FROM recent_occurrences o JOIN errors e ON e.id = o.error_id WHERE e.project = 'live' GROUP BY e.id`.execute(sandbox.db);
    expect(rows).toHaveLength(LIVE_GROUPS);
    for (const row of rows) expect(row.user_ids).toEqual(newestFirst.get(row.traceback)!.slice(0, 5));
    expect((await queueCounts(sandbox.redisPrefix)).failed).toBe(0);
  }, 120_000);
});
