import { sql } from 'kysely';
import { SAMPLE_HISTORY_DAYS } from '@error-tracker/contracts/monitoring';
import { createLogger } from '@error-tracker/runtime/logger';
import { runPurgePass } from '../../src';
import { useSandbox } from '../../../../test/support/sandbox';

const sandbox = useSandbox();

async function sampleAged(instance: string, days: number): Promise<void> {
  await sql`
    INSERT INTO monitoring_samples (instance_id, slot, recorded_at, interval_ms, host, roles, cpu_percent, heap_used_bytes,
                                    rss_bytes, memory_limit_bytes, event_loop_delay_ms, event_loop_delay_p99_ms, postgres_ok, redis_ok)
    VALUES (${instance}, date_trunc('minute', now()) - make_interval(days => ${days}), now() - make_interval(days => ${days}),
            60000, 'host', '{api}', 1, 1, 1, 1, 0, 0, true, true)`.execute(sandbox.db);
}

describe('retention of monitoring samples', () => {
  it('deletes samples older than the longest uptime window, in batches, and keeps the rest', async () => {
    for (const instance of ['a', 'b', 'c']) await sampleAged(instance, SAMPLE_HISTORY_DAYS + 1);
    await sampleAged('a', SAMPLE_HISTORY_DAYS - 1);
    await sampleAged('b', 0);

    const report = await runPurgePass({
      db: sandbox.db,
      redis: sandbox.redis,
      settings: { retentionDays: 90, redisPrefix: sandbox.redisPrefix, groupBatchSize: 2, rowBatchSize: 2 },
      logger: createLogger('silent', 'retention-test'),
    });

    expect(report.samples).toBe(3);
    const left = await sandbox.db.selectFrom('monitoring_samples').select('instance_id').orderBy('slot').execute();
    expect(left.map((row) => row.instance_id)).toEqual(['a', 'b']);
  });
});
