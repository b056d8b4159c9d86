import { sql } from 'kysely';
import { listPartitions } from '@error-tracker/runtime/partitions/partition-catalog';
import { boundaryAfter } from '@error-tracker/runtime/partitions/period';
import { prepareEvent } from '../../src/pipeline/prepare-event';
import { writeBatch } from '../../src/storage/batch-writer';
import { isDataError, isTransientDbError } from '../../src/storage/transient-errors';
import { ingestEvent } from '../../../../test/support/events';
import { whileHeld } from '../../../../test/support/lock-waits';
import { useSandbox } from '../../../../test/support/sandbox';

const sandbox = useSandbox();

const HOUR_MS = 3_600_000;
const midnight = boundaryAfter('day', new Date());
const dayAfterTomorrow = boundaryAfter('day', midnight);
const iso = (ms: number) => new Date(ms).toISOString();

/** Where each row of the table with that event id is stored. */
async function partitionsOf(table: 'ingest_dedupe', eventId: string): Promise<string[]> {
  const { rows } = await sql<{ partition: string }>`
    SELECT tableoid::regclass::text AS partition FROM ${sql.table(table)} WHERE event_id = ${eventId}
    ORDER BY 1`.execute(sandbox.db);
  return rows.map((row) => row.partition);
}

/** The partition whose range holds `at`, else the default one. */
async function partitionHolding(table: string, at: Date): Promise<string> {
  const partitions = await listPartitions(sandbox.db, table);
  const holding = partitions.find(
    (p) => !p.isDefault && (p.from?.getTime() ?? -Infinity) <= at.getTime() && at.getTime() < (p.to?.getTime() ?? Infinity),
  );
  return (holding ?? partitions.find((p) => p.isDefault)!).name;
}

async function countOf(project: string): Promise<number> {
  const row = await sandbox.db.selectFrom('errors').select('count').where('project', '=', project).executeTakeFirst();
  return row?.count ?? 0;
}

describe('writes into partitioned tables', () => {
  it('stores each row in the partition of its time, and rows of no partition in the default one', async () => {
    const events = {
      now: ingestEvent({ project: 'routing' }),
      // The day after tomorrow: tomorrow's partition is not made in the last hour of a day (the maintenance's margin).
      ahead: ingestEvent({ project: 'routing', received_at: iso(dayAfterTomorrow.getTime() + HOUR_MS) }),
      longAgo: ingestEvent({
        project: 'routing',
        received_at: '2019-03-01T10:00:00.000Z',
        timestamp: '2019-03-01T10:00:00.000Z',
      }),
    };
    await writeBatch(
      sandbox.db,
      Object.values(events).map((e) => prepareEvent(e, 'line')),
    );

    // Today's dedupe partition exists only if the database is older than today (partitions are made ahead).
    expect(await partitionsOf('ingest_dedupe', events.now.event_id)).toEqual([
      await partitionHolding('ingest_dedupe', new Date()),
    ]);
    expect(await partitionsOf('ingest_dedupe', events.ahead.event_id)).toEqual([
      `ingest_dedupe_p${dayAfterTomorrow.toISOString().slice(0, 10).replace(/-/g, '')}`,
    ]);
    expect(await partitionsOf('ingest_dedupe', events.longAgo.event_id)).toEqual(['ingest_dedupe_default']);

    const { rows } = await sql<{ partition: string; count: number }>`
      SELECT tableoid::regclass::text AS partition, count::int FROM error_counts WHERE hour = '2019-03-01T10:00:00Z'`.execute(
      sandbox.db,
    );
    expect(rows).toEqual([{ partition: 'error_counts_legacy', count: 1 }]);
    expect(await countOf('routing')).toBe(3);
  });

  it('counts an event once when its copies were received either side of midnight, whichever comes first', async () => {
    for (const [project, first, second] of [
      ['midnight-forward', -1, 1],
      ['midnight-backward', 1, -1],
    ] as const) {
      const event = ingestEvent({ project });
      const copy = (offsetMs: number) => prepareEvent({ ...event, received_at: iso(midnight.getTime() + offsetMs) }, 'line');
      await writeBatch(sandbox.db, [copy(first)]);
      const again = await writeBatch(sandbox.db, [copy(second)]);

      expect(again.duplicates).toBe(1);
      expect(await countOf(project)).toBe(1);
    }
  });

  it('counts a redelivered event once, also in the default partition', async () => {
    const event = prepareEvent(ingestEvent({ project: 'replayed', received_at: '2020-01-01T00:00:00.000Z' }), 'line');
    await writeBatch(sandbox.db, [event]);
    const again = await writeBatch(sandbox.db, [event, event]);
    expect(again.duplicates).toBe(2);
    expect(await countOf('replayed')).toBe(1);
  });

  it('keeps a group’s newest five in its slots whatever week they were received in, and writes no occurrence partition', async () => {
    const week = (await listPartitions(sandbox.db, 'error_occurrences')).find((p) => p.from && p.to)!;
    // Six events received in the hours before an occurrence week starts, seven in the week.
    const at = (i: number) => iso(week.from!.getTime() + (i - 6) * HOUR_MS + 1);
    const events = Array.from({ length: 13 }, (_, i) =>
      prepareEvent(
        ingestEvent({ project: 'trimmed', message: 'x', received_at: at(i), timestamp: at(i), user_id: `u${i}` }),
        'line',
      ),
    );
    for (const [from, to] of [
      [0, 3],
      [3, 6],
      [6, 9],
      [9, 13],
    ]) {
      await writeBatch(sandbox.db, events.slice(from, to));
    }

    const group = await sandbox.db.selectFrom('errors').select('id').where('project', '=', 'trimmed').executeTakeFirstOrThrow();
    const { rows } = await sql<{ user_id: string; slot: number }>`
      SELECT user_id, slot FROM recent_occurrences WHERE error_id = ${group.id} ORDER BY timestamp DESC`.execute(sandbox.db);
    expect(rows.map((o) => o.user_id)).toEqual(['u12', 'u11', 'u10', 'u9', 'u8']);
    expect(rows.map((o) => o.slot).sort()).toEqual([0, 1, 2, 3, 4]);
    const partitioned = await sandbox.db.selectFrom('error_occurrences').select('id').where('error_id', '=', group.id).execute();
    expect(partitioned).toEqual([]);
  });

  it('takes a row caught by a partition attached meanwhile for a retry, not for bad data, and the retry lands', async () => {
    // Received on a day no partition is made for yet (a clock far ahead): its minute goes to the default partition.
    const day = boundaryAfter('day', new Date(Date.now() + 20 * 24 * HOUR_MS));
    const event = prepareEvent(ingestEvent({ project: 'raced', received_at: iso(day.getTime() + HOUR_MS) }), 'line');
    const partition = sql.table('event_minutes_raced');

    let failure: unknown;
    await whileHeld(
      sandbox.db,
      {
        first: (trx) => sql`LOCK TABLE event_minutes_default IN ACCESS EXCLUSIVE MODE`.execute(trx),
        // What the partition maintenance does for that day, while the batch waits to write into the default partition.
        beforeCommit: async (trx) => {
          await sql`CREATE TABLE ${partition} (LIKE event_minutes INCLUDING DEFAULTS)`.execute(trx);
          const [from, to] = [sql.lit(day.toISOString()), sql.lit(boundaryAfter('day', day).toISOString())];
          await sql`ALTER TABLE event_minutes ATTACH PARTITION ${partition} FOR VALUES FROM (${from}) TO (${to})`.execute(trx);
        },
      },
      () => writeBatch(sandbox.db, [event]).catch((error: unknown) => (failure = error)),
    );

    expect(failure).toMatchObject({ code: '23514' });
    expect(isTransientDbError(failure)).toBe(true);
    expect(isDataError(failure)).toBe(false);
    // The batch's transaction was rolled back whole; written again, it lands in the new partition.
    expect((await writeBatch(sandbox.db, [event])).duplicates).toBe(0);
    const { rows } = await sql<{ partition: string }>`
      SELECT tableoid::regclass::text AS partition FROM event_minutes WHERE project = 'raced'`.execute(sandbox.db);
    expect(rows).toEqual([{ partition: 'event_minutes_raced' }]);

    // A broken CHECK (it names its constraint) is still bad data.
    const broken = await sql`
      INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, first_seen, last_seen, status)
      VALUES (md5('broken'), 'p', 'e', 'T', 'm', 'error', 'backend', now(), now(), 'bogus')`
      .execute(sandbox.db)
      .catch((error: unknown) => error);
    expect(broken).toMatchObject({ code: '23514' });
    expect(isTransientDbError(broken)).toBe(false);
    expect(isDataError(broken)).toBe(true);
  });
});
