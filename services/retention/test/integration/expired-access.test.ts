import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { createLogger } from '@error-tracker/runtime/logger';
import { runPurgePass } from '../../src';
import { useSandbox } from '../../../../test/support/sandbox';

const sandbox = useSandbox();

const pass = () =>
  runPurgePass({
    db: sandbox.db,
    redis: sandbox.redis,
    settings: { retentionDays: 90, redisPrefix: sandbox.redisPrefix, groupBatchSize: 2, rowBatchSize: 2 },
    logger: createLogger('silent', 'retention-test'),
  });

/** A session (of the bootstrap key) whose idle expiry is `minutes` from now (negative: already ended). */
async function session(minutes: number): Promise<number> {
  const row = await sandbox.db
    .insertInto('sessions')
    .values({
      token_hash: randomBytes(32),
      key_hash: randomBytes(32),
      key_id: null,
      expires_at: sql<Date>`now() + make_interval(mins => ${minutes})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** An invited member and its invitation, expiring `days` from now, accepted or not. */
async function invitation(email: string, days: number, accepted: boolean): Promise<number> {
  const member = await sandbox.db
    .insertInto('members')
    .values({ email, role: 'developer', status: accepted ? 'active' : 'invited' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await sandbox.db
    .insertInto('invitations')
    .values({
      member_id: member.id,
      token_hash: randomBytes(32),
      expires_at: sql<Date>`now() + make_interval(days => ${days})`,
      accepted_at: accepted ? sql<Date>`now() - interval '1 hour'` : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('retention of dashboard sessions and invitations', () => {
  it('deletes expired sessions and spent invitations in batches, and keeps live ones and the members', async () => {
    for (const minutes of [-1, -60, -24 * 60]) await session(minutes);
    const live = [await session(1), await session(12 * 60)];
    await invitation('expired@example.com', -1, false);
    await invitation('used@example.com', 5, true);
    await invitation('used-and-expired@example.com', -3, true);
    const pending = await invitation('pending@example.com', 6, false);

    const report = await pass();

    expect(report).toMatchObject({ ran: true, sessions: 3, invitations: 3 });
    const sessions = await sandbox.db.selectFrom('sessions').select('id').orderBy('id').execute();
    expect(sessions.map((row) => row.id)).toEqual(live);
    const invitations = await sandbox.db.selectFrom('invitations').select('id').execute();
    expect(invitations.map((row) => row.id)).toEqual([pending]);
    const members = await sandbox.db.selectFrom('members').select(['email', 'status']).orderBy('email').execute();
    expect(members).toEqual([
      { email: 'expired@example.com', status: 'invited' },
      { email: 'pending@example.com', status: 'invited' },
      { email: 'used-and-expired@example.com', status: 'active' },
      { email: 'used@example.com', status: 'active' },
    ]);

    expect(await pass()).toMatchObject({ sessions: 0, invitations: 0 });
  });
});
