import { sql } from 'kysely';
import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { useSandbox } from '../../../../test/support/sandbox';
import { seedEvents } from '../../../../test/support/seed';

const sandbox = useSandbox();
let api: ApiHarness;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const now = Date.now();
const startOfDay = Math.floor(now / DAY) * DAY;
const dayOfWeek = (new Date(now).getUTCDay() + 6) % 7; // Monday = 0
const startOfWeek = startOfDay - dayOfWeek * DAY;
const startOfMonth = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
const at = (ms: number) => new Date(ms).toISOString();

/** A known set of events spread over days: [timestamp, level] for one group each. */
const events: Array<[number, 'error' | 'fatal']> = [
  [now - 10 * 60_000, 'error'],
  [now - 10 * 60_000, 'fatal'],
  [startOfDay + 60_000, 'error'],
  [now - 20 * HOUR, 'error'],
  [now - 2 * DAY, 'fatal'],
  [now - 3 * DAY, 'error'],
  [now - 6 * DAY, 'error'],
  [now - 12 * DAY, 'error'],
  [now - 40 * DAY, 'fatal'],
];

const expected = (from: number) => events.filter(([t]) => t >= from && t <= now).length;

beforeAll(async () => {
  api = await startApiHarness(sandbox);
  await seedEvents(
    api.db,
    events.map(([t, level], i) => ({
      project: i % 2 === 0 ? 'even' : 'odd',
      message: `m${i}`,
      exception_type: `E${i}`,
      level,
      timestamp: at(t),
    })),
  );
  // Three of the nine groups resolved: 1h, 3h and 5h after their first event (3h on average).
  await sql`
    UPDATE errors SET status = 'resolved', resolved_at = first_seen + make_interval(hours => v.h)
    FROM (VALUES ('E5', 1), ('E6', 3), ('E7', 5)) AS v(t, h)
    WHERE exception_type = v.t`.execute(api.db);
});

describe('GET /api/stats', () => {
  it('counts groups and events from the hourly counters', async () => {
    const response = await api.get('/api/stats');
    expect(response.status).toBe(200);
    const stats = await response.json();
    // Counters are hourly: an event counts for a period when its hour starts inside it.
    const hourOf = (t: number) => Math.floor(t / HOUR) * HOUR;
    const inPeriod = (from: number) => events.filter(([t]) => hourOf(t) >= from).length;
    expect(stats).toEqual({
      total_errors: 9,
      resolved_errors: 3,
      errors_today: inPeriod(startOfDay),
      errors_this_week: inPeriod(startOfWeek),
      errors_this_month: inPeriod(startOfMonth),
      error_rate_24h: Math.round((events.filter(([t]) => hourOf(t) >= hourOf(now) - 23 * HOUR).length / 24) * 10) / 10,
      resolution_rate: 33.3,
      avg_resolution_time: '3h',
    });
  });

  it('filters by project', async () => {
    const stats = (await (await api.get('/api/stats?project=odd')).json()) as { total_errors: number };
    expect(stats.total_errors).toBe(4);
  });
});

describe('GET /api/analytics/trends', () => {
  it('gives one data point per day of the week, empty days included', async () => {
    const body = (await (await api.get('/api/analytics/trends?period=week&group_by=day')).json()) as {
      period: string;
      data_points: Array<{ timestamp: string; error_count: number; resolved_count: number; critical_count: number }>;
    };
    expect(body.period).toBe('week');
    expect(body.data_points).toHaveLength(8);
    const first = Date.parse(body.data_points[0]!.timestamp);
    expect(first).toBe(startOfDay - 7 * DAY);
    for (const [index, point] of body.data_points.entries()) {
      const from = first + index * DAY;
      const inBucket = events.filter(([t]) => t >= from && t < from + DAY);
      expect(point).toEqual({
        timestamp: at(from),
        error_count: inBucket.length,
        critical_count: inBucket.filter(([, level]) => level === 'fatal').length,
        resolved_count: expect.any(Number),
      });
    }
    expect(body.data_points.reduce((sum, p) => sum + p.error_count, 0)).toBe(expected(startOfDay - 7 * DAY));
    expect(body.data_points.reduce((sum, p) => sum + p.resolved_count, 0)).toBe(2);
  });

  it('buckets by hour over a day and by month over a year', async () => {
    const hourly = (await (await api.get('/api/analytics/trends?period=day&group_by=hour')).json()) as {
      data_points: Array<{ error_count: number }>;
    };
    expect(hourly.data_points).toHaveLength(25);
    expect(hourly.data_points.reduce((sum, p) => sum + p.error_count, 0)).toBe(
      events.filter(([t]) => t >= Math.floor((now - DAY) / HOUR) * HOUR).length,
    );
    const monthly = (await (await api.get('/api/analytics/trends?period=year&group_by=month')).json()) as {
      data_points: Array<{ error_count: number }>;
    };
    expect(monthly.data_points.length).toBeGreaterThanOrEqual(12);
    expect(monthly.data_points.reduce((sum, p) => sum + p.error_count, 0)).toBe(events.length);
  });

  it('answers a bad period or group_by with a 400 naming it', async () => {
    const response = await api.get('/api/analytics/trends?period=decade&group_by=minute');
    expect(response.status).toBe(400);
    const problem = (await response.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['group_by', 'period']);
  });
});
