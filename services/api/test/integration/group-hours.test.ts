import { callAs, createKey, memberWithRole } from '../../../../test/support/access';
import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { useSandbox } from '../../../../test/support/sandbox';
import { replaceHourlyCounts } from '../../../../test/support/hourly-counters';
import { seedEvents } from '../../../../test/support/seed';

const sandbox = useSandbox();
let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness(sandbox);
});

interface Hourly {
  readonly error_id: number;
  readonly hours: number;
  readonly data_points: ReadonlyArray<{ timestamp: string; error_count: number }>;
}

async function hourly(path: string): Promise<Hourly> {
  const response = await api.get(path);
  expect(response.status).toBe(200);
  return (await response.json()) as Hourly;
}

describe('GET /api/errors/{id}/hourly', () => {
  it("answers the group's events per hour, oldest first, every hour present, in one query", async () => {
    const [id, other] = await seedEvents(api.db, [
      { project: 'hourly', exception_type: 'HourlyError', message: 'per hour' },
      { project: 'hourly', exception_type: 'OtherError', message: 'not this one' },
    ]);
    await replaceHourlyCounts(
      api.db,
      [id, other],
      [
        [id!, 0, 'error', 5],
        [id!, 0, 'fatal', 2],
        [id!, 5, 'error', 4],
        [id!, 47, 'warning', 1],
        [id!, 48, 'error', 100],
        [other!, 0, 'error', 9],
      ],
    );

    const before = api.queries.length;
    const answer = await hourly(`/api/errors/${id}/hourly?hours=48`);
    expect(api.queries.slice(before).filter((query) => query.includes('error_counts'))).toHaveLength(1);
    expect(answer.error_id).toBe(id);
    expect(answer.hours).toBe(48);
    const counts = answer.data_points.map((point) => point.error_count);
    const expected = new Array<number>(48).fill(0);
    expected[47] = 7;
    expected[42] = 4;
    expected[0] = 1;
    expect(counts).toEqual(expected);

    const times = answer.data_points.map((point) => Date.parse(point.timestamp));
    expect(times.every((time, index) => index === 0 || time - times[index - 1]! === 3_600_000)).toBe(true);
    expect(times.every((time) => time % 3_600_000 === 0)).toBe(true);
    const now = Date.now();
    expect(now - times[47]!).toBeGreaterThanOrEqual(0);
    expect(now - times[47]!).toBeLessThan(3_600_000);
  });

  it('covers the last 7 days by default, and up to 30', async () => {
    const [id] = await seedEvents(api.db, [{ project: 'hourly', message: 'default window' }]);
    expect((await hourly(`/api/errors/${id}/hourly`)).data_points).toHaveLength(168);
    expect((await hourly(`/api/errors/${id}/hourly?hours=720`)).data_points).toHaveLength(720);
    expect((await hourly(`/api/errors/${id}/hourly?hours=1`)).data_points).toHaveLength(1);
  });

  it('refuses a malformed id or hours (400) and answers 404 for no such group', async () => {
    const [id] = await seedEvents(api.db, [{ project: 'hourly', message: 'bad requests' }]);
    for (const hours of ['0', '721', '-1', '1.5', 'week', '99999'])
      expect((await api.get(`/api/errors/${id}/hourly?hours=${hours}`)).status).toBe(400);
    expect((await api.get('/api/errors/abc/hourly')).status).toBe(400);
    const missing = await api.get('/api/errors/999999999/hourly');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { detail: string }).detail).toBe('no error group 999999999');
  });

  it('needs read: a viewer may, an ingest-only key may not', async () => {
    const [id] = await seedEvents(api.db, [{ project: 'hourly', message: 'who may read' }]);
    const viewer = await memberWithRole(api, 'viewer');
    const ingestOnly = await createKey(api, ['ingest']);
    expect((await callAs(api.base, viewer.key.key)('GET', `/api/errors/${id}/hourly`)).status).toBe(200);
    const refused = await callAs(api.base, ingestOnly.key)('GET', `/api/errors/${id}/hourly`);
    expect(refused.status).toBe(403);
    expect((await callAs(api.base, undefined)('GET', `/api/errors/${id}/hourly`)).status).toBe(401);
  });
});
