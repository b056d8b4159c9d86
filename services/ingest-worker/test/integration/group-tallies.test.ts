import { sql, type Kysely } from 'kysely';
import type { Database } from '@error-tracker/contracts/db/schema';
import type { IngestResult } from '@error-tracker/contracts/ingest-job';
import { prepareEvent } from '../../src/pipeline/prepare-event';
import { writeBatch } from '../../src/storage/batch-writer';
import { foldStaleTallies, TALLY_WINDOW_MS } from '../../src/storage/group-tallies';
import { coalesceByFingerprint } from '../../src/storage/batch-rows';
import { json } from '../../src/storage/json-param';
import { ingestEvent, pythonTrace } from '../../../../test/support/events';
import { useSandbox } from '../../../../test/support/sandbox';

const sandbox = useSandbox();

const prepare = (overrides: Parameters<typeof ingestEvent>[0]) => prepareEvent(ingestEvent(overrides), 'line');
const T0 = Date.UTC(2026, 4, 3, 10, 0);
const at = (ms: number) => new Date(T0 + ms).toISOString();
const countOf = (result: IngestResult | undefined) => (result?.status === 'existing' ? result.count : 1);

/** What the group row says, what its tally holds, and the exact figures (error_totals). */
async function figures(fingerprint: string) {
  const row = await sandbox.db.selectFrom('errors').selectAll().where('fingerprint', '=', fingerprint).executeTakeFirstOrThrow();
  const tally = await sandbox.db.selectFrom('error_tallies').selectAll().where('error_id', '=', row.id).executeTakeFirst();
  const exact = await sandbox.db.selectFrom('error_totals').selectAll().where('error_id', '=', row.id).executeTakeFirstOrThrow();
  return { id: row.id, rowCount: row.count, rowLastSeen: row.last_seen.toISOString(), pending: tally?.pending, exact };
}

/** How a worker of the version before tallies counted groups, verbatim: straight into errors.count. */
async function previousVersionUpsert(db: Kysely<Database>, events: Parameters<typeof coalesceByFingerprint>[0]) {
  const groups = coalesceByFingerprint(events);
  await sql`
    INSERT INTO errors AS e (fingerprint, project, environment, exception_type, message, traceback, frames,
                             level, source, culprit, count, first_seen, last_seen, status)
    SELECT fingerprint, project, environment, exception_type, message, traceback, frames,
           level, source, culprit, n, first_seen, last_seen, 'open'
    FROM jsonb_to_recordset(${json(groups.map((g) => ({ ...g.row, frames: [] })))}) AS x(
      fingerprint text, project text, environment text, exception_type text, message text, traceback text,
      frames jsonb, level text, source text, culprit text, n bigint, first_seen timestamptz, last_seen timestamptz)
    ORDER BY fingerprint
    ON CONFLICT (fingerprint) DO UPDATE SET
      count = e.count + excluded.count,
      first_seen = LEAST(e.first_seen, excluded.first_seen),
      last_seen = GREATEST(e.last_seen, excluded.last_seen),
      previous_status = e.status,
      status = CASE WHEN e.status = 'resolved' THEN 'open' ELSE e.status END,
      resolved_at = CASE WHEN e.status = 'resolved' THEN NULL ELSE e.resolved_at END`.execute(db);
}

/** As if the window had passed since every tally began. */
const ageTallies = () => sql`UPDATE error_tallies SET since = since - interval '1 hour'`.execute(sandbox.db);

describe('group tallies', () => {
  it('counts a busy group in its tally, exactly at once, and folds it into the group row once the window has passed', async () => {
    const event = (ms: number) => prepare({ project: 'busy', message: 'b', timestamp: at(ms) });
    await writeBatch(sandbox.db, [event(0)]);
    const second = await writeBatch(sandbox.db, [event(500), event(900)]);

    const fingerprint = event(0).fingerprint;
    expect(second.results.map(countOf)).toEqual([3, 3]);
    expect(await figures(fingerprint)).toMatchObject({ rowCount: 1, rowLastSeen: at(0), pending: 2, exact: { count: 3 } });
    expect((await figures(fingerprint)).exact.last_seen.toISOString()).toBe(at(900));

    await ageTallies();
    const third = await writeBatch(sandbox.db, [event(1_000)]);
    expect(third.results.map(countOf)).toEqual([4]);
    expect(await figures(fingerprint)).toMatchObject({
      rowCount: 4,
      rowLastSeen: at(1_000),
      pending: undefined,
      exact: { count: 4 },
    });
  });

  it('writes the group row at once for events further apart than the window, and for a resolved group', async () => {
    const event = (ms: number) => prepare({ project: 'quiet', message: 'q', timestamp: at(ms) });
    await writeBatch(sandbox.db, [event(0)]);
    await writeBatch(sandbox.db, [event(TALLY_WINDOW_MS)]);
    const fingerprint = event(0).fingerprint;
    expect(await figures(fingerprint)).toMatchObject({ rowCount: 2, pending: undefined });

    await sandbox.db
      .updateTable('errors')
      .set({ status: 'resolved', resolved_at: new Date() })
      .where('fingerprint', '=', fingerprint)
      .execute();
    const reopened = await writeBatch(sandbox.db, [event(TALLY_WINDOW_MS + 10)]);
    expect(reopened.outbox.map((o) => o.kind)).toEqual(['regression']);
    expect(await figures(fingerprint)).toMatchObject({ rowCount: 3, pending: undefined });
  });

  it('the sweep folds the tallies no batch came back for, leaving one whose group another transaction holds', async () => {
    const events = [1, 2].map((k) =>
      [0, 100].map((ms) => prepare({ project: 'sweep', traceback: pythonTrace(`sweep${k}`, k), timestamp: at(ms) })),
    );
    for (const pair of events) {
      await writeBatch(sandbox.db, [pair[0]!]);
      await writeBatch(sandbox.db, [pair[1]!]);
    }
    const [held, free] = await Promise.all(events.map((pair) => figures(pair[0]!.fingerprint)));
    expect([held?.pending, free?.pending]).toEqual([1, 1]);
    expect(await foldStaleTallies(sandbox.db)).toBe(0);

    await ageTallies();
    const folded = await sandbox.db.transaction().execute(async (trx) => {
      await sql`SELECT 1 FROM errors WHERE id = ${held!.id} FOR UPDATE`.execute(trx);
      return foldStaleTallies(sandbox.db);
    });
    expect(folded).toBe(1);
    expect(await figures(events[1]![0]!.fingerprint)).toMatchObject({ rowCount: 2, pending: undefined, exact: { count: 2 } });
    expect(await figures(events[0]![0]!.fingerprint)).toMatchObject({ rowCount: 1, pending: 1, exact: { count: 2 } });

    expect(await foldStaleTallies(sandbox.db)).toBe(1);
    expect(await figures(events[0]![0]!.fingerprint)).toMatchObject({ rowCount: 2, pending: undefined, exact: { count: 2 } });
  });

  it('keeps totals exact beside workers of the previous version, which add to the group row directly', async () => {
    const traces = Array.from({ length: 4 }, (_, i) => pythonTrace(`upgrade${i}`, i + 1));
    const events = (round: number, k: number) =>
      Array.from({ length: 20 }, (_, i) =>
        prepare({ project: 'upgrade', traceback: traces[(i + k) % 4]!, timestamp: at(round * 100 + i) }),
      );
    await writeBatch(sandbox.db, events(0, 0));
    for (let round = 1; round <= 6; round++) {
      await Promise.all(
        [0, 1, 2].flatMap((k) => [
          writeBatch(sandbox.db, events(round, k)),
          previousVersionUpsert(sandbox.db, events(round, k + 1)),
        ]),
      );
    }
    const exact = sql<{ total: number; row: number; pending: number }>`
      SELECT sum(t.count)::int AS total, sum(e.count)::int AS row, (SELECT coalesce(sum(pending), 0)::int FROM error_tallies) AS pending
      FROM errors e JOIN error_totals t ON t.error_id = e.id WHERE e.project = 'upgrade'`;
    const during = (await exact.execute(sandbox.db)).rows[0]!;
    expect(during.total).toBe(20 + 6 * 6 * 20);
    expect(during.pending).toBeGreaterThan(0);
    await ageTallies();
    await foldStaleTallies(sandbox.db);
    expect((await exact.execute(sandbox.db)).rows[0]).toEqual({ total: 20 + 6 * 6 * 20, row: 20 + 6 * 6 * 20, pending: 0 });
  });

  it('concurrent batches, folds, sweeps and resolves over hot groups finish without deadlock, counting every event once', async () => {
    const traces = Array.from({ length: 10 }, (_, i) => pythonTrace(`hot${i}`, i + 1));
    const batch = (round: number, b: number) =>
      Array.from({ length: 60 }, (_, i) =>
        prepare({ project: 'hot', traceback: traces[i % 2 === 0 ? 0 : (i * 7 + b) % 10]!, timestamp: at(round * 1_000 + i) }),
      ).reverse();
    // As the API resolves: one group per statement.
    const resolve = (trace: string) =>
      sandbox.db
        .updateTable('errors')
        .set({ status: 'resolved', resolved_at: new Date() })
        .where('project', '=', 'hot')
        .where('traceback', '=', trace)
        .execute();

    await Promise.all(Array.from({ length: 12 }, (_, b) => writeBatch(sandbox.db, batch(0, b))));
    for (let round = 1; round <= 3; round++) {
      await ageTallies();
      await Promise.all([
        ...Array.from({ length: 12 }, (_, b) => writeBatch(sandbox.db, batch(round, b))),
        foldStaleTallies(sandbox.db),
        ...traces.slice(0, 4).map(resolve),
        foldStaleTallies(sandbox.db),
      ]);
    }

    const exact = sql<{ groups: number; total: number; row: number }>`
      SELECT count(*)::int AS groups, sum(t.count)::int AS total, sum(e.count)::int AS row
      FROM errors e JOIN error_totals t ON t.error_id = e.id WHERE e.project = 'hot'`;
    expect((await exact.execute(sandbox.db)).rows[0]).toMatchObject({ groups: 10, total: 4 * 12 * 60 });
    await ageTallies();
    await foldStaleTallies(sandbox.db);
    expect((await exact.execute(sandbox.db)).rows[0]).toEqual({ groups: 10, total: 4 * 12 * 60, row: 4 * 12 * 60 });
    // One batch at a time per group, so each ranked against the slots the one before left: five kept per group.
    const { rows: kept } = await sql<{ n: number }>`
      SELECT count(o.id)::int AS n FROM errors e JOIN recent_occurrences o ON o.error_id = e.id
      WHERE e.project = 'hot' GROUP BY e.id`.execute(sandbox.db);
    expect(kept.map((k) => k.n)).toEqual(Array(10).fill(5));
  });
});
