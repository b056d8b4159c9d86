import { newErrorsStreamKey } from '@error-tracker/contracts/redis-keys';
import { sql } from 'kysely';
import { createLogger } from '@error-tracker/runtime/logger';
import { NOTIFIER_GROUP } from '@error-tracker/contracts/queues';
import { type BatchProgress, PurgeAborted, runPurgePass } from '../../src';
import { trimStream } from '../../src/purge/trim-stream';
import { useSandbox } from '../../../../test/support/sandbox';

const logger = createLogger('silent', 'retention-test');
const DAY = 86_400_000;

const sandbox = useSandbox();

const settings = (overrides = {}) => ({
  retentionDays: 30,
  redisPrefix: sandbox.redisPrefix,
  groupBatchSize: 2,
  rowBatchSize: 2,
  ...overrides,
});

/** A group `age` days since last seen, with an occurrence, a counter, an outbox row and a notification. */
async function group(name: string, status: 'open' | 'resolved' | 'ignored', ageDays: number): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, count,
                        first_seen, last_seen, status, resolved_at)
    VALUES (md5(${name}), 'purge', 'production', 'ValueError', ${name}, 'error', 'backend', 1,
            now() - make_interval(days => ${ageDays + 1}), now() - make_interval(days => ${ageDays}), ${status},
            CASE WHEN ${status} = 'resolved' THEN now() - make_interval(days => ${ageDays}) END)
    RETURNING id`.execute(sandbox.db);
  const id = rows[0]!.id;
  await sql`
    WITH o AS (
      INSERT INTO error_occurrences (error_id, event_id, timestamp, received_at, environment, message, level)
      VALUES (${id}, gen_random_uuid(), now(), now(), 'production', ${name}, 'error') RETURNING event_id
    ), c AS (
      INSERT INTO error_counts (error_id, hour, level, count) VALUES (${id}, date_trunc('hour', now()), 'error', 1)
    ), x AS (
      INSERT INTO outbox (error_id, event_id, kind, sent_at) SELECT ${id}, event_id, 'new', now() FROM o RETURNING event_id
    )
    INSERT INTO notifications (error_id, event_id, kind, state, stream_id, sent_at)
    SELECT ${id}, event_id, 'new', 'sent', '1-0', now() FROM x`.execute(sandbox.db);
  return id;
}

async function count(table: string, where = sql`true`): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)} WHERE ${where}`.execute(
    sandbox.db,
  );
  return rows[0]!.n;
}

describe('retention pass', () => {
  it('deletes old resolved groups with everything that hangs off them, and prunes the bookkeeping tables', async () => {
    const oldResolved = [
      await group('old resolved 1', 'resolved', 45),
      await group('old resolved 2', 'resolved', 31),
      await group('old resolved 3', 'resolved', 400),
    ];
    const kept = [
      await group('young resolved', 'resolved', 29),
      await group('old open', 'open', 45),
      await group('old ignored', 'ignored', 45),
    ];

    await sql`
      INSERT INTO ingested_events (event_id, ingested_at)
      SELECT gen_random_uuid(), now() - make_interval(hours => h) FROM (VALUES (25), (30), (48), (2)) AS t(h)`.execute(
      sandbox.db,
    );
    await sql`
      INSERT INTO outbox (error_id, event_id, kind, created_at, sent_at)
      VALUES (${kept[1]!}, gen_random_uuid(), 'new', now() - interval '3 days', now() - interval '2 days'),
             (${kept[1]!}, gen_random_uuid(), 'new', now() - interval '3 days', NULL),
             (${kept[1]!}, gen_random_uuid(), 'regression', now() - interval '2 hours', now() - interval '1 hour')`.execute(
      sandbox.db,
    );
    await sql`
      INSERT INTO notifications (error_id, event_id, kind, state, stream_id, created_at, sent_at, queued_at)
      VALUES (${kept[2]!}, gen_random_uuid(), 'new', 'sent', '2-0', now() - interval '31 days', now() - interval '31 days', NULL),
             (${kept[2]!}, gen_random_uuid(), 'new', 'failed', '3-0', now() - interval '40 days', NULL, NULL),
             (${kept[2]!}, gen_random_uuid(), 'new', 'queued', '4-0', now() - interval '31 days', NULL, now())`.execute(
      sandbox.db,
    );

    const batches: BatchProgress[] = [];
    const report = await runPurgePass(
      { db: sandbox.db, redis: sandbox.redis, settings: settings(), logger },
      { onBatch: (p) => void batches.push(p) },
    );

    expect(report).toMatchObject({ ran: true, groups: 3, ingestedEvents: 3, outbox: 1, notifications: 2 });
    expect(batches.filter((b) => b.step === 'groups').map((b) => b.deleted)).toEqual([2, 1]);
    expect(report.batches).toBe(batches.length);
    expect(batches.every((b) => b.deleted <= 2)).toBe(true);

    const left = await sandbox.db
      .selectFrom('errors')
      .select('message')
      .where('project', '=', 'purge')
      .orderBy('message')
      .execute();
    expect(left.map((r) => r.message)).toEqual(['old ignored', 'old open', 'young resolved']);
    for (const table of ['error_occurrences', 'error_counts', 'outbox', 'notifications']) {
      expect(await count(table, sql`error_id IN (${sql.join(oldResolved)})`)).toBe(0);
    }
    expect(await count('ingested_events')).toBe(1);
    expect(await count('outbox', sql`sent_at IS NULL`)).toBe(1);
    expect(await count('notifications', sql`state = 'queued'`)).toBe(1);
  });

  it('deletes the occurrences in open groups’ slots received before the cutoff, and keeps the newer ones', async () => {
    const id = await group('quiet open', 'open', 45);
    await sql`
      INSERT INTO recent_occurrences (error_id, slot, event_id, timestamp, received_at, environment, message, level)
      SELECT ${id}, slot, gen_random_uuid(), now() - make_interval(days => age), now() - make_interval(days => age),
             'production', 'quiet open', 'error'
      FROM (VALUES (0, 45), (1, 31), (2, 29), (3, 0)) AS t(slot, age)`.execute(sandbox.db);

    const report = await runPurgePass({ db: sandbox.db, redis: sandbox.redis, settings: settings(), logger });

    expect(report.recentOccurrences).toBe(2);
    const left = await sandbox.db
      .selectFrom('recent_occurrences')
      .select('slot')
      .where('error_id', '=', id)
      .orderBy('slot')
      .execute();
    expect(left.map((o) => o.slot)).toEqual([2, 3]);
  });

  it('skips the pass while another one holds the lock', async () => {
    await group('locked out', 'resolved', 60);
    const holder = await sandbox.db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(7342915001)`.execute(conn);
      try {
        return await runPurgePass({ db: sandbox.db, redis: sandbox.redis, settings: settings(), logger });
      } finally {
        await sql`SELECT pg_advisory_unlock(7342915001)`.execute(conn);
      }
    });
    expect(holder).toMatchObject({ ran: false, groups: 0 });
    expect(await count('errors', sql`message = 'locked out'`)).toBe(1);
  });

  it('stops between batches when asked to', async () => {
    for (let i = 0; i < 5; i++) await group(`abort ${i}`, 'resolved', 60);
    const before = await count('errors', sql`status = 'resolved'`);
    const abort = new AbortController();
    const run = runPurgePass(
      { db: sandbox.db, redis: sandbox.redis, settings: settings({ groupBatchSize: 1 }), logger },
      { signal: abort.signal, onBatch: () => abort.abort() },
    );
    await expect(run).rejects.toBeInstanceOf(PurgeAborted);
    expect(await count('errors', sql`status = 'resolved'`)).toBe(before - 1);
  });
});

describe('stream trim', () => {
  const key = () => newErrorsStreamKey(sandbox.redisPrefix);

  beforeEach(async () => {
    await sandbox.redis.del(key());
  });

  it('trims entries older than a day, but never one the notifier group still needs', async () => {
    const now = Date.now();
    const old = (daysAgo: number, seq: number) => `${now - daysAgo * DAY}-${seq}`;
    for (const id of [old(5, 0), old(4, 0), old(3, 0), old(2, 0), `${now - 60_000}-0`]) {
      await sandbox.redis.xadd(key(), id, 'kind', 'new');
    }
    await sandbox.redis.xgroup('CREATE', key(), NOTIFIER_GROUP, '0');
    // The notifier read the first three, acknowledged the first two: the third is pending.
    await sandbox.redis.xreadgroup('GROUP', NOTIFIER_GROUP, 'n1', 'COUNT', 3, 'STREAMS', key(), '>');
    await sandbox.redis.xack(key(), NOTIFIER_GROUP, old(5, 0), old(4, 0));

    const result = await trimStream(sandbox.redis, key(), { keepMs: DAY, consumerIdleMs: DAY }, now);
    expect(result.entries).toBe(2);
    const left = (await sandbox.redis.xrange(key(), '-', '+')).map(([id]) => id);
    expect(left).toEqual([old(3, 0), old(2, 0), `${now - 60_000}-0`]);

    // Once the pending one is acknowledged and the rest read, everything older than a day goes.
    await sandbox.redis.xreadgroup('GROUP', NOTIFIER_GROUP, 'n1', 'COUNT', 10, 'STREAMS', key(), '>');
    await sandbox.redis.xack(key(), NOTIFIER_GROUP, old(3, 0), old(2, 0), `${now - 60_000}-0`);
    expect((await trimStream(sandbox.redis, key(), { keepMs: DAY, consumerIdleMs: DAY }, now)).entries).toBe(2);
    expect((await sandbox.redis.xrange(key(), '-', '+')).map(([id]) => id)).toEqual([`${now - 60_000}-0`]);
  });

  it('keeps entries not yet delivered to the group, and removes idle consumers with nothing pending', async () => {
    const now = Date.now();
    await sandbox.redis.xgroup('CREATE', key(), NOTIFIER_GROUP, '0', 'MKSTREAM');
    await sandbox.redis.xadd(key(), `${now - 3 * DAY}-0`, 'kind', 'new');
    await sandbox.redis.xadd(key(), `${now - 2 * DAY}-0`, 'kind', 'new');
    await sandbox.redis.xgroup('CREATECONSUMER', key(), NOTIFIER_GROUP, 'gone-notifier');

    const result = await trimStream(sandbox.redis, key(), { keepMs: DAY, consumerIdleMs: 0 }, now);
    expect(result).toEqual({ entries: 0, consumers: 1 });
    expect(await sandbox.redis.xlen(key())).toBe(2);
  });

  it('does nothing when the stream does not exist', async () => {
    expect(await trimStream(sandbox.redis, key(), { keepMs: DAY, consumerIdleMs: DAY })).toEqual({ entries: 0, consumers: 0 });
  });
});
