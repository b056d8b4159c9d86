import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { useSandbox } from '../../../../test/support/sandbox';
import { replaceHourlyCounts } from '../../../../test/support/hourly-counters';
import { seedEvents } from '../../../../test/support/seed';

const sandbox = useSandbox();
let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness(sandbox);
});

interface Listed {
  readonly errors: ReadonlyArray<{ id: number; last_24h: number[] }>;
}

describe('the 24-hour sparkline of the list', () => {
  it('answers events per hour, oldest first, for every group of the page, in one query', async () => {
    const [busy, quiet] = await seedEvents(api.db, [
      { project: 'spark', exception_type: 'BusyError', message: 'busy' },
      { project: 'spark', exception_type: 'QuietError', message: 'quiet' },
    ]);
    await replaceHourlyCounts(
      api.db,
      [busy, quiet],
      [
        [busy!, 0, 'error', 5],
        [busy!, 0, 'fatal', 2],
        [busy!, 23, 'error', 1],
        [busy!, 24, 'error', 100],
        [busy!, 3, 'error', 4],
      ],
    );

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
