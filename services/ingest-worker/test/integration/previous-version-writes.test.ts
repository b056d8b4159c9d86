import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '@error-tracker/contracts/db/schema';
import { createLogger } from '@error-tracker/runtime/logger';
import { migrateSchema } from '@error-tracker/runtime/migrate-schema';
import { prepareEvent } from '../../src/pipeline/prepare-event';
import { claimEventIds } from '../../src/storage/claim-event-ids';
import { ingestEvent } from '../../../../test/support/events';
import { migrateBeforePartitioning } from '../../../../test/support/pre-partitioning';
import { useSandbox } from '../../../../test/support/sandbox';
import { whileHeld } from '../../../../test/support/lock-waits';

const logger = createLogger('silent', 'test');
const sandbox = useSandbox({ empty: true, per: 'test' });

/** How a worker of the version before partitioning claims event ids, verbatim. */
async function previousVersionClaim(db: Kysely<Database>, ids: readonly string[]): Promise<string[]> {
  const sorted = [...new Set(ids)].sort();
  const { rows } = await sql<{ event_id: string }>`
    INSERT INTO ingested_events (event_id)
    SELECT id FROM unnest(${sorted}::uuid[]) AS t(id) ORDER BY id
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id`.execute(db);
  return rows.map((row) => row.event_id);
}

const eventOf = (project: string) => prepareEvent(ingestEvent({ project }), 'line');

/** The ids a current worker's claim finds fresh. */
const currentClaim = (db: Kysely<Database>, events: Parameters<typeof claimEventIds>[1]) =>
  db.transaction().execute(async (trx) => [...(await claimEventIds(trx, events))]);

describe('a worker of the previous version during a rolling upgrade', () => {
  it('skips events a worker of the previous version claimed before the upgrade', async () => {
    await migrateBeforePartitioning(sandbox.db);
    const event = eventOf('before-upgrade');
    expect(await previousVersionClaim(sandbox.db, [event.event.event_id])).toEqual([event.event.event_id]);
    await migrateSchema(sandbox.db, logger);

    expect(await currentClaim(sandbox.db, [event])).toEqual([]);
  });

  it('lets a previous-version worker and a current one claim the same event at once, counting it once', async () => {
    await migrateBeforePartitioning(sandbox.db);
    await migrateSchema(sandbox.db, logger);
    const [first, second] = [eventOf('old-first'), eventOf('new-first')];

    // The previous version claims first; the current worker waits for it, then sees a duplicate.
    const claimedOld: string[] = [];
    const fresh = await whileHeld(
      sandbox.db,
      { first: async (trx) => claimedOld.push(...(await previousVersionClaim(trx, [first.event.event_id]))) },
      () => currentClaim(sandbox.db, [first]),
    );
    expect(claimedOld).toEqual([first.event.event_id]);
    expect(fresh).toEqual([]);

    // The current worker claims first; the previous version's claim then answers nothing (a duplicate).
    const claimedNew: string[] = [];
    const late = await whileHeld(
      sandbox.db,
      { first: async (trx) => claimedNew.push(...(await claimEventIds(trx, [second]))) },
      () => previousVersionClaim(sandbox.db, [second.event.event_id]),
    );
    expect(claimedNew).toEqual([second.event.event_id]);
    expect(late).toEqual([]);
  });

  it('still answers a previous-version worker each fresh id once, also repeated in one batch', async () => {
    await migrateBeforePartitioning(sandbox.db);
    await migrateSchema(sandbox.db, logger);
    const id = randomUUID();
    expect(await previousVersionClaim(sandbox.db, [id, id])).toEqual([id]);
    expect(await previousVersionClaim(sandbox.db, [id])).toEqual([]);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ingest_dedupe WHERE event_id = ${id}`.execute(
      sandbox.db,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('serves the previous version’s other statements on the partitioned tables: trim by id, counter and minute upserts', async () => {
    await migrateBeforePartitioning(sandbox.db);
    await migrateSchema(sandbox.db, logger);
    const events = [1, 2, 3, 4, 5, 6].map((i) =>
      ingestEvent({ user_id: `u${i}`, timestamp: new Date(Date.now() - (10 - i) * 1000).toISOString() }),
    );
    // Six occurrences of one group, as a previous-version batch inserts them before trimming.
    const { rows } = await sql<{ id: number }>`
      INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, count, first_seen, last_seen)
      VALUES (md5('previous'), 'previous', 'production', 'ValueError', 'x', 'error', 'backend', 6, now(), now()) RETURNING id`.execute(
      sandbox.db,
    );
    const errorId = rows[0]!.id;
    for (const event of events) {
      await sql`
        INSERT INTO error_occurrences (error_id, event_id, timestamp, received_at, environment, message, level, user_id)
        VALUES (${errorId}, ${event.event_id}, ${event.timestamp}, ${event.received_at}, 'production', 'x', 'error', ${event.user_id})`.execute(
        sandbox.db,
      );
    }

    // The previous version's trim, counter and minute statements, verbatim but for their inputs.
    await sql`
      DELETE FROM error_occurrences WHERE id IN (
        SELECT old.id FROM unnest(${[errorId]}::bigint[]) AS g(error_id)
        CROSS JOIN LATERAL (
          SELECT id FROM error_occurrences o WHERE o.error_id = g.error_id
          ORDER BY o.timestamp DESC, o.id DESC OFFSET ${5}
        ) AS old
      )`.execute(sandbox.db);
    for (let i = 0; i < 2; i++) {
      await sql`
        INSERT INTO error_counts AS c (error_id, hour, level, count)
        SELECT ${errorId}, date_trunc('hour', now()), 'error', 3
        ON CONFLICT (error_id, hour, level) DO UPDATE SET count = c.count + excluded.count`.execute(sandbox.db);
      await sql`
        INSERT INTO event_minutes AS m (minute, project, environment, level, shard, count)
        SELECT date_trunc('minute', now()), 'previous', 'production', 'error', 7, 3
        ON CONFLICT (minute, project, environment, level, shard) DO UPDATE SET count = m.count + excluded.count`.execute(
        sandbox.db,
      );
    }

    const kept = await sandbox.db
      .selectFrom('error_occurrences')
      .select('user_id')
      .where('error_id', '=', errorId)
      .orderBy('timestamp', 'desc')
      .execute();
    expect(kept.map((o) => o.user_id)).toEqual(['u6', 'u5', 'u4', 'u3', 'u2']);
    const counted = await sandbox.db.selectFrom('error_counts').select('count').where('error_id', '=', errorId).execute();
    expect(counted).toEqual([{ count: 6 }]);
    const minutes = await sandbox.db.selectFrom('event_minutes').select('count').where('project', '=', 'previous').execute();
    expect(minutes).toEqual([{ count: 6 }]);
  });
});
