import { sql } from 'kysely';
import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { useSandbox } from '../../../../test/support/sandbox';
import { seedEvents } from '../../../../test/support/seed';

const sandbox = useSandbox();
let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness(sandbox);
});

/** Sets a group's hourly counter `hoursAgo` hours before the current hour. */
async function counted(errorId: number, hoursAgo: number, level: string, count: number): Promise<void> {
  await sql`
    INSERT INTO error_counts (error_id, hour, level, count)
    VALUES (${errorId}, date_trunc('hour', now()) - make_interval(hours => ${hoursAgo}), ${level}, ${count})
    ON CONFLICT (error_id, hour, level) DO UPDATE SET count = excluded.count`.execute(api.db);
}

interface Listed {
  readonly errors: ReadonlyArray<{ id: number; last_24h: number[] }>;
}

describe('the 24-hour sparkline of the list', () => {
  it('answers events per hour, oldest first, for every group of the page, in one query', async () => {
    const [busy, quiet] = await seedEvents(api.db, [
      { project: 'spark', exception_type: 'BusyError', message: 'busy' },
      { project: 'spark', exception_type: 'QuietError', message: 'quiet' },
    ]);
    await sql`DELETE FROM error_counts WHERE error_id IN (${busy}, ${quiet})`.execute(api.db);
    await counted(busy!, 0, 'error', 5);
    await counted(busy!, 0, 'fatal', 2);
    await counted(busy!, 23, 'error', 1);
    await counted(busy!, 24, 'error', 100);
    await counted(busy!, 3, 'error', 4);

    const before = api.queries.length;
    const response = await api.get('/api/errors?project=spark');
    expect(response.status).toBe(200);
    const { errors } = (await response.json()) as Listed;
    const series = Object.fromEntries(errors.map((e) => [e.id, e.last_24h]));
    const expected = new Array<number>(24).fill(0);
    expected[23] = 7;
    expected[20] = 4;
    expected[0] = 1;
    expect(series[busy!]).toEqual(expected);
    expect(series[quiet!]).toEqual(new Array<number>(24).fill(0));
    expect(api.queries.slice(before).filter((query) => query.includes('error_counts'))).toHaveLength(1);
  });
});
