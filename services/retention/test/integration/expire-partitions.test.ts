import { sql } from 'kysely';
import { migrateToLatest } from '@error-tracker/contracts/db/migrate';
import { SAMPLE_HISTORY_DAYS } from '@error-tracker/contracts/monitoring';
import { createLogger } from '@error-tracker/runtime/logger';
import { convertLegacyTables } from '@error-tracker/runtime/partitions/convert-legacy-tables';
import { listPartitions } from '@error-tracker/runtime/partitions/partition-catalog';
import { runPurgePass } from '../../src';
import { whileHeld } from '../../../../test/support/lock-waits';
import { partitionedSince } from '../../../../test/support/partitioned-since';
import { migrateBeforePartitioning } from '../../../../test/support/pre-partitioning';
import { useSandbox } from '../../../../test/support/sandbox';

const logger = createLogger('silent', 'retention-test');
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

const sandbox = useSandbox({ per: 'test' });
/** An empty database, for a conversion from the schema before partitioning. */
const empty = useSandbox({ empty: true, per: 'test' });

const pass = (retentionDays = 90, db = sandbox.db) =>
  runPurgePass({
    db,
    redis: sandbox.redis,
    settings: { retentionDays, redisPrefix: sandbox.redisPrefix, groupBatchSize: 2, rowBatchSize: 2 },
    logger,
  });

async function ranges(table: string, db = sandbox.db): Promise<Array<{ name: string; to: number | null }>> {
  return (await listPartitions(db, table))
    .filter((p) => !p.isDefault)
    .map((p) => ({ name: p.name, to: p.to?.getTime() ?? null }));
}

async function sampleAt(instance: string, slot: Date): Promise<void> {
  await sql`
    INSERT INTO monitoring_samples (instance_id, slot, recorded_at, interval_ms, host, roles, cpu_percent, heap_used_bytes,
                                    rss_bytes, memory_limit_bytes, event_loop_delay_ms, event_loop_delay_p99_ms, postgres_ok, redis_ok)
    VALUES (${instance}, ${slot}, ${slot}, 60000, 'host', '{api}', 1, 1, 1, 1, 0, 0, true, true)`.execute(sandbox.db);
}

describe('retention of the partitioned tables', () => {
  it('drops whole partitions past each table’s retention and keeps the rest, with their rows', async () => {
    await partitionedSince(sandbox.db, 'ingest_dedupe', daysAgo(4));
    await partitionedSince(sandbox.db, 'monitoring_samples', daysAgo(SAMPLE_HISTORY_DAYS + 20));
    for (const days of [0, 1, 2, 3, 4]) {
      await sql`INSERT INTO ingest_dedupe (received_at, event_id) VALUES (${daysAgo(days)}, gen_random_uuid())`.execute(
        sandbox.db,
      );
    }
    for (const days of [0, 10, SAMPLE_HISTORY_DAYS - 1, SAMPLE_HISTORY_DAYS + 10, SAMPLE_HISTORY_DAYS + 19]) {
      await sampleAt(`${days} days`, daysAgo(days));
    }
    const started = Date.now();

    const report = await pass();

    const dedupeCutoff = started - DAY_MS;
    const sampleCutoff = started - SAMPLE_HISTORY_DAYS * DAY_MS;
    for (const [table, cutoff] of [
      ['ingest_dedupe', dedupeCutoff],
      ['monitoring_samples', sampleCutoff],
    ] as const) {
      const left = await ranges(table);
      expect(left.every((p) => p.to === null || p.to > cutoff)).toBe(true);
      // The partition holding the cutoff and every later one are kept, and the periods ahead made.
      expect(left.some((p) => p.to !== null && p.to - cutoff < 8 * DAY_MS)).toBe(true);
      expect(Math.max(...left.map((p) => p.to ?? 0))).toBeGreaterThan(started + DAY_MS);
    }
    const { rows: dedupe } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ingest_dedupe`.execute(sandbox.db);
    expect(dedupe[0]!.n).toBe(2); // today's and yesterday's
    const samples = await sandbox.db.selectFrom('monitoring_samples').select('instance_id').orderBy('slot', 'desc').execute();
    expect(samples.map((s) => s.instance_id).slice(0, 3)).toEqual(['0 days', '10 days', `${SAMPLE_HISTORY_DAYS - 1} days`]);
    expect(samples.map((s) => s.instance_id)).not.toContain(`${SAMPLE_HISTORY_DAYS + 19} days`);
    expect(report.partitionsDropped).toBeGreaterThanOrEqual(4);
  });

  it('prunes the default partition row by row, only past the retention', async () => {
    await partitionedSince(sandbox.db, 'error_counts', daysAgo(60));
    const { rows } = await sql<{ id: number }>`
      INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, count, first_seen, last_seen)
      VALUES (md5('strays'), 'strays', 'production', 'ValueError', 'strays', 'error', 'backend', 3, now(), now())
      RETURNING id`.execute(sandbox.db);
    // Hours no partition was made for (an event's own timestamp, long ago) land in the default partition.
    await sql`
      INSERT INTO error_counts (error_id, hour, level, count)
      VALUES (${rows[0]!.id}, date_trunc('hour', now()) - interval '500 days', 'error', 1),
             (${rows[0]!.id}, date_trunc('hour', now()) - interval '300 days', 'error', 1),
             (${rows[0]!.id}, date_trunc('hour', now()), 'error', 1)`.execute(sandbox.db);

    const report = await pass();

    expect(report.defaultRows).toBe(1);
    const left = await sql<{ days: number; partition: string }>`
      SELECT round(extract(epoch FROM now() - hour) / 86400)::int AS days, tableoid::regclass::text AS partition
      FROM error_counts ORDER BY hour`.execute(sandbox.db);
    expect(left.rows.map((r) => [r.days, r.partition === 'error_counts_default'])).toEqual([
      [300, true],
      [0, false],
    ]);
  });

  it('drops the old table’s partition once its bound is past the retention, and occurrences after RETENTION_DAYS', async () => {
    await migrateBeforePartitioning(empty.db);
    await migrateToLatest(empty.db);
    // Converted 60 days ago: the old tables’ partitions end seven weeks ago or so.
    await convertLegacyTables(empty.db, logger, daysAgo(60));

    const report = await pass(10, empty.db);

    for (const table of ['event_minutes', 'monitoring_samples', 'error_occurrences']) {
      expect((await ranges(table, empty.db)).map((p) => p.name)).not.toContain(`${table}_legacy`);
    }
    // Counters are kept 400 days: the old table stays.
    expect((await ranges('error_counts', empty.db)).map((p) => p.name)).toContain('error_counts_legacy');
    expect(report.partitionsDropped).toBeGreaterThanOrEqual(3);
  });

  it('lets reads go on while a DROP waits for a long query: the DROP gives way after 2 s and tries again', async () => {
    await partitionedSince(sandbox.db, 'ingest_dedupe', daysAgo(4));
    let readMeanwhile: number | undefined;

    const report = await whileHeld(
      sandbox.db,
      {
        // A long read of the table: the DROP waits for it, and a DROP waiting makes later queries queue.
        first: (trx) => sql`SELECT count(*) FROM ingest_dedupe`.execute(trx),
        // Another read, queued behind the waiting DROP: it gets through once the DROP gives way.
        beforeCommit: async () => {
          const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ingest_dedupe`.execute(sandbox.db);
          readMeanwhile = rows[0]!.n;
        },
      },
      () => pass(),
    );

    expect(readMeanwhile).toBe(0);
    // Once the long read is over, a later attempt drops them.
    expect(report.partitionsDropped).toBeGreaterThanOrEqual(2);
  });
});
