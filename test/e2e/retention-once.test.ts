import { sql } from 'kysely';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox();

describe('end to end: retention --once', () => {
  it('runs one pass, logs what it deleted, and exits 0', async () => {
    await sql`
      INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, count,
                          first_seen, last_seen, status, resolved_at)
      SELECT md5(name), 'cron', 'production', 'ValueError', name, 'error', 'backend', 1,
             now() - make_interval(days => age), now() - make_interval(days => age), status, now()
      FROM (VALUES ('old resolved', 40, 'resolved'), ('young resolved', 10, 'resolved'), ('old open', 40, 'open'))
        AS t(name, age, status)`.execute(sandbox.db);

    const run = sandbox.start('retention', { RETENTION_DAYS: '30' }, ['--once']);
    expect(await run.exited).toBe(0);

    const finished = run.output.find((line) => line.includes('retention pass finished'));
    expect(finished).toBeDefined();
    expect(JSON.parse(finished!)).toMatchObject({ groups: 1, ran: true });
    const left = await sandbox.db.selectFrom('errors').select('message').orderBy('message').execute();
    expect(left.map((row) => row.message)).toEqual(['old open', 'young resolved']);
  });

  it('rejects an option it does not know', async () => {
    const run = sandbox.start('retention', {}, ['--twice']);
    expect(await run.exited).toBe(2);
    expect(run.output.join('\n')).toContain("unknown option '--twice'");
  });
});
