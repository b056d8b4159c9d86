import { sql } from 'kysely';
import { prepareEvent } from '../../src/pipeline/prepare-event';
import { writeBatch } from '../../src/storage/batch-writer';
import { ingestEvent, pythonTrace } from '../../../../test/support/events';
import { useSandbox } from '../../../../test/support/sandbox';

const sandbox = useSandbox();

const prepare = (overrides: Parameters<typeof ingestEvent>[0]) => prepareEvent(ingestEvent(overrides), 'line');
const at = (minute: number) => new Date(Date.UTC(2026, 4, 1, 10, minute)).toISOString();

/** The group's row with its exact count and last_seen (a busy group's recent events are in its tally). */
async function group(fingerprint: string) {
  const row = await sandbox.db.selectFrom('errors').selectAll().where('fingerprint', '=', fingerprint).executeTakeFirstOrThrow();
  const totals = await sandbox.db.selectFrom('error_totals').selectAll().where('error_id', '=', row.id).executeTakeFirstOrThrow();
  return { ...row, count: totals.count, last_seen: totals.last_seen };
}

describe('writeBatch', () => {
  it('creates one group per fingerprint and answers created for the event that made it', async () => {
    const events = [
      prepare({ project: 'p1', traceback: pythonTrace('orders', 41), timestamp: at(1) }),
      prepare({ project: 'p1', traceback: pythonTrace('orders', 41), timestamp: at(2) }),
      prepare({ project: 'p1', traceback: pythonTrace('orders', 99), timestamp: at(3) }),
    ];
    const outcome = await writeBatch(sandbox.db, events);

    expect(events[0]?.fingerprint).toBe(events[1]?.fingerprint);
    expect(events[0]?.fingerprint).not.toBe(events[2]?.fingerprint);
    expect(outcome.results.map((r) => r.status)).toEqual(['created', 'existing', 'created']);
    expect(outcome.results[1]).toMatchObject({ count: 2 });
    const first = await group(events[0]!.fingerprint);
    expect(first).toMatchObject({ count: 2, status: 'open', project: 'p1', exception_type: 'ValueError' });
    expect(first.first_seen.toISOString()).toBe(at(1));
    expect(first.last_seen.toISOString()).toBe(at(2));
    expect(first.culprit).toContain('orders.py');
    // The frames stored with the group are its first event's, parsed from its trace.
    expect(first.frames.length).toBeGreaterThan(0);
    expect(first.frames.some((frame) => frame.file?.endsWith('orders.py'))).toBe(true);
    expect(outcome.outbox.map((o) => o.kind)).toEqual(['new', 'new']);
  });

  it('never counts an event id twice', async () => {
    const events = [prepare({ project: 'dedupe', message: 'once' })];
    await writeBatch(sandbox.db, events);
    const again = await writeBatch(sandbox.db, events);
    expect(again.duplicates).toBe(1);
    expect(again.results[0]).toMatchObject({ status: 'existing', count: 1 });
    expect(again.outbox).toEqual([]);
    expect((await group(events[0]!.fingerprint)).count).toBe(1);
  });

  it('counts an event id once when it appears twice in one batch', async () => {
    const event = ingestEvent({ project: 'twice', message: 'retried by its SDK' });
    const outcome = await writeBatch(sandbox.db, [prepareEvent(event, 'line'), prepareEvent({ ...event }, 'line')]);
    expect(outcome.duplicates).toBe(1);
    const g = await group(outcome.results[0]!.fingerprint);
    expect(g.count).toBe(1);
    const occurrences = await sandbox.db.selectFrom('recent_occurrences').select('id').where('error_id', '=', g.id).execute();
    expect(occurrences).toHaveLength(1);
  });

  it('stores text PostgreSQL would refuse (NUL, lone surrogates) with U+FFFD in its place', async () => {
    const event = prepare({
      project: 'nul\u0000project',
      message: 'half an emoji \ud83d and a NUL \u0000',
      extra: { 'key\u0000': 'value \udc00' },
    });
    await writeBatch(sandbox.db, [event]);
    const g = await group(event.fingerprint);
    expect(g.message).toBe('half an emoji \ufffd and a NUL \ufffd');
    expect(g.project).toBe('nul\ufffdproject');
    const [occurrence] = await sandbox.db.selectFrom('recent_occurrences').select('extra').where('error_id', '=', g.id).execute();
    expect(occurrence?.extra).toEqual({ 'key\ufffd': 'value \ufffd' });
  });

  /** A group's stored occurrences, newest first, by user_id. */
  async function stored(errorId: number) {
    const rows = await sandbox.db
      .selectFrom('recent_occurrences')
      .select('user_id')
      .where('error_id', '=', errorId)
      .orderBy('timestamp', 'desc')
      .orderBy('id', 'desc')
      .execute();
    return rows.map((o) => o.user_id);
  }

  it('keeps the newest five occurrences per group, across batches', async () => {
    const minutes = [5, 1, 9, 3, 7, 2, 8, 4];
    const events = minutes.map((m) => prepare({ project: 'occ', message: 'x', timestamp: at(m), user_id: `u${m}` }));
    await writeBatch(sandbox.db, events.slice(0, 4));
    await writeBatch(sandbox.db, events.slice(4));
    const g = await group(events[0]!.fingerprint);
    expect(await stored(g.id)).toEqual(['u9', 'u8', 'u7', 'u5', 'u4']);
    expect(g.count).toBe(8);
  });

  it('writes a group’s occurrences over its five slots in place, an event older than all five taking none', async () => {
    const events = [1, 2, 3, 4, 5, 6, 7].map((m) =>
      prepare({ project: 'slots', message: 'x', timestamp: at(m), user_id: `u${m}` }),
    );
    await writeBatch(sandbox.db, events.slice(0, 5));
    const slotsOf = async (errorId: number) =>
      (
        await sql<{ slot: number; user_id: string }>`
          SELECT slot, user_id FROM recent_occurrences WHERE error_id = ${errorId} ORDER BY slot`.execute(sandbox.db)
      ).rows;
    const g = await group(events[0]!.fingerprint);
    const first = await slotsOf(g.id);
    expect(first.map((s) => s.slot)).toEqual([0, 1, 2, 3, 4]);

    await writeBatch(sandbox.db, [
      ...events.slice(5),
      prepare({ project: 'slots', message: 'x', timestamp: at(0), user_id: 'late' }),
    ]);
    const after = await slotsOf(g.id);
    // u6 and u7 took the slots of u1 and u2, the oldest; the late event is older than all five.
    const taken = first.filter((s) => s.user_id === 'u1' || s.user_id === 'u2').map((s) => s.slot);
    expect(
      after
        .filter((s) => taken.includes(s.slot))
        .map((s) => s.user_id)
        .sort(),
    ).toEqual(['u6', 'u7']);
    expect(after.map((s) => s.user_id).sort()).toEqual(['u3', 'u4', 'u5', 'u6', 'u7']);
    // The primary key is the slots' only index: an index on a column a slot update changes would make it a non-HOT update.
    const { rows: indexes } = await sql<{ indexname: string }>`
      SELECT indexname FROM pg_indexes WHERE tablename = 'recent_occurrences'`.execute(sandbox.db);
    expect(indexes.map((i) => i.indexname)).toEqual(['recent_occurrences_pkey']);
  });

  it('takes a new id with each slot it writes, so among events of one time the later arrival stays and shows first', async () => {
    const event = (n: number) => prepare({ project: 'same-time', message: 'x', timestamp: at(30), user_id: `u${n}` });
    await writeBatch(sandbox.db, [1, 2, 3, 4, 5].map(event));
    await writeBatch(sandbox.db, [event(6)]);
    await writeBatch(sandbox.db, [event(7)]);
    const g = await group(event(0).fingerprint);
    // u6 took u1's slot; had it kept u1's id it would have counted as the earliest, and u7 taken its slot.
    const shown = await sandbox.db
      .selectFrom('recent_occurrences')
      .select('user_id')
      .where('error_id', '=', g.id)
      .orderBy('timestamp', 'desc')
      .orderBy('id', 'desc')
      .execute();
    expect(shown.map((o) => o.user_id)).toEqual(['u7', 'u6', 'u5', 'u4', 'u3']);
  });

  it('answers exact counts and keeps the newest five, whether a group is busy (counted in its tally) or quiet', async () => {
    // 100 ms apart: the group turns busy (counted in its tally) and back, so both ways of counting meet.
    const base = Date.UTC(2026, 4, 1, 12, 0);
    const events = Array.from({ length: 45 }, (_, i) =>
      prepare({ project: 'busy-and-quiet', message: 'x', timestamp: new Date(base + i * 100).toISOString(), user_id: `u${i}` }),
    );
    const sizes = [1, 2, 1, 3, 1, 1, 4, 1, 2, 5, 1, 1, 6, 1, 2, 1, 1, 3, 1, 2, 1, 1, 3];
    let written = 0;
    for (const size of sizes) {
      const outcome = await writeBatch(sandbox.db, events.slice(written, written + size));
      written += size;
      // Every answer carries the exact count, whether the group's row or its tally holds the latest events.
      if (written > size) expect(outcome.results.at(-1)).toMatchObject({ status: 'existing', count: written });
      const g = await group(events[0]!.fingerprint);
      const kept = await stored(g.id);
      expect(g.count).toBe(written);
      expect(kept).toEqual([...Array(Math.min(5, written)).keys()].map((k) => `u${written - 1 - k}`));
    }
    expect(written).toBe(45);
  });

  it('counts events per hour and level', async () => {
    const hour = (h: number, m: number) => new Date(Date.UTC(2026, 4, 2, h, m)).toISOString();
    const events = [
      prepare({ project: 'counters', message: 'c', timestamp: hour(8, 1), level: 'error' }),
      prepare({ project: 'counters', message: 'c', timestamp: hour(8, 59), level: 'error' }),
      prepare({ project: 'counters', message: 'c', timestamp: hour(8, 30), level: 'fatal' }),
      prepare({ project: 'counters', message: 'c', timestamp: hour(9, 0), level: 'error' }),
    ];
    await writeBatch(sandbox.db, events.slice(0, 2));
    await writeBatch(sandbox.db, events.slice(2));
    const g = await group(events[0]!.fingerprint);
    const counts = await sandbox.db
      .selectFrom('error_counts')
      .select(['hour', 'level', 'count'])
      .where('error_id', '=', g.id)
      .orderBy('hour')
      .orderBy('level')
      .execute();
    expect(counts.map((c) => [c.hour.toISOString(), c.level, c.count])).toEqual([
      [hour(8, 0), 'error', 2],
      [hour(8, 0), 'fatal', 1],
      [hour(9, 0), 'error', 1],
    ]);
  });

  it('reopens a resolved group and writes a regression outbox row; an ignored group stays ignored', async () => {
    const resolved = prepare({ project: 'regress', message: 'r' });
    const ignored = prepare({ project: 'regress', message: 'i', exception_type: 'KeyError' });
    await writeBatch(sandbox.db, [resolved, ignored]);
    await sandbox.db
      .updateTable('errors')
      .set({ status: 'resolved', resolved_at: new Date() })
      .where('fingerprint', '=', resolved.fingerprint)
      .execute();
    await sandbox.db.updateTable('errors').set({ status: 'ignored' }).where('fingerprint', '=', ignored.fingerprint).execute();

    const later = [
      prepare({ project: 'regress', message: 'r' }),
      prepare({ project: 'regress', message: 'i', exception_type: 'KeyError' }),
    ];
    const outcome = await writeBatch(sandbox.db, later);

    expect(await group(resolved.fingerprint)).toMatchObject({ status: 'open', resolved_at: null, count: 2 });
    expect(await group(ignored.fingerprint)).toMatchObject({ status: 'ignored', count: 2 });
    expect(outcome.outbox).toEqual([expect.objectContaining({ kind: 'regression', event_id: later[0]!.event.event_id })]);
    const rows = await sandbox.db
      .selectFrom('outbox')
      .selectAll()
      .where('error_id', '=', (await group(resolved.fingerprint)).id)
      .orderBy('id')
      .execute();
    expect(rows.map((r) => r.kind)).toEqual(['new', 'regression']);
  });

  it('lets concurrent batches over the same fingerprints finish without deadlock, with exact counts', async () => {
    const traces = Array.from({ length: 20 }, (_, i) => pythonTrace(`mod${i}`, i + 1));
    const batches = Array.from({ length: 12 }, (_, b) =>
      Array.from({ length: 60 }, (_, i) => prepare({ project: 'race', traceback: traces[(i * 7 + b) % 20]! })).reverse(),
    );
    await Promise.all(batches.map((batch) => writeBatch(sandbox.db, batch)));
    const { rows } = await sql<{ groups: number; total: number }>`
      SELECT count(*)::int AS groups, sum(t.count)::int AS total
      FROM errors e JOIN error_totals t ON t.error_id = e.id WHERE e.project = 'race'`.execute(sandbox.db);
    expect(rows[0]).toEqual({ groups: 20, total: 12 * 60 });
  });
});
