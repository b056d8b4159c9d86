import { Queue } from 'bullmq';
import { sql } from 'kysely';
import { createLogger } from '@error-tracker/runtime/logger';
import { RETENTION_QUEUE } from '@error-tracker/contracts/queues';
import { type Service } from '@error-tracker/runtime/shutdown';
import { RETENTION_SCHEDULER_ID, startRetention } from '../../src';
import { useSandbox } from '../../../../test/support/sandbox';
import { waitFor } from '../../../../test/support/wait-for';

const logger = createLogger('silent', 'retention-test');

const sandbox = useSandbox();
let queue: Queue;
let replicas: Service[] = [];

beforeAll(() => {
  queue = sandbox.stopAfter(new Queue(RETENTION_QUEUE, { connection: sandbox.redis, prefix: sandbox.redisPrefix }));
});

describe('retention scheduler', () => {
  it('runs the pass once across replicas now, then schedules the next one 24 h later', async () => {
    await sql`
      INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, count,
                          first_seen, last_seen, status, resolved_at)
      VALUES (md5('scheduled'), 'sched', 'production', 'ValueError', 'scheduled', 'error', 'backend', 1,
              now() - interval '120 days', now() - interval '100 days', 'resolved', now() - interval '100 days')`.execute(
      sandbox.db,
    );

    const config = sandbox.config();
    replicas = await Promise.all([1, 2, 3].map(async () => sandbox.stopAfter(await startRetention(config, logger))));

    const counts = await waitFor('the first pass done and the next one scheduled', async () => {
      const c = await queue.getJobCounts('completed', 'active', 'waiting', 'delayed', 'failed');
      return c.completed === 1 && c.delayed === 1 && c.active === 0 ? c : undefined;
    });
    expect(counts).toMatchObject({ completed: 1, waiting: 0, failed: 0, delayed: 1 });
    expect(await sandbox.db.selectFrom('errors').select('id').where('message', '=', 'scheduled').execute()).toEqual([]);

    const schedulers = await queue.getJobSchedulers();
    expect(schedulers).toHaveLength(1);
    expect(schedulers[0]).toMatchObject({ key: RETENTION_SCHEDULER_ID, every: 24 * 3_600_000 });
    const [next] = await queue.getDelayed();
    expect(next!.timestamp + (next!.delay ?? 0) - Date.now()).toBeGreaterThan(23 * 3_600_000);
    const [done] = await queue.getCompleted();
    expect(done!.returnvalue).toMatchObject({ ran: true, groups: 1 });
  });

  it('a replica restarting keeps the schedule instead of running again', async () => {
    await sandbox.stop(replicas[0]!);
    sandbox.stopAfter(await startRetention(sandbox.config(), logger));
    const counts = await queue.getJobCounts('completed', 'active', 'waiting', 'delayed');
    expect(counts).toMatchObject({ completed: 1, active: 0, waiting: 0, delayed: 1 });
  });
});
