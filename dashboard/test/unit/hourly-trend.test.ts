import { describeHours, hourColumns, hourName } from '../../src/lib/hourly-trend';

const hour = (index: number, error_count: number) => ({
  timestamp: new Date(Date.UTC(2026, 11, 1, index)).toISOString(),
  error_count,
});

describe("an issue's hourly trend", () => {
  it('gives uPlot the hours in Unix seconds and the counts', () => {
    expect(hourColumns([hour(0, 3), hour(1, 0)])).toEqual([
      [1796083200, 1796086800],
      [3, 0],
    ]);
  });

  it('tells the chart in words: total, busy hours, the busiest', () => {
    expect(describeHours([hour(0, 3), hour(1, 0), hour(2, 1200)], 'Last 24 hours')).toBe(
      '1,203 events in the last 24 hours, in 2 hours; busiest hour 2026-12-01 02:00 UTC with 1,200.',
    );
    expect(describeHours([hour(5, 1)], 'Last 7 days')).toBe(
      '1 event in the last 7 days, in 1 hour; busiest hour 2026-12-01 05:00 UTC with 1.',
    );
  });

  it('says so when there were none', () => {
    expect(describeHours([hour(0, 0), hour(1, 0)], 'Last 30 days')).toBe('No events in the last 30 days.');
    expect(describeHours([], 'Last 24 hours')).toBe('No events in the last 24 hours.');
  });

  it('names an hour in UTC', () => {
    expect(hourName('2026-12-01T13:00:00.000Z')).toBe('2026-12-01 13:00 UTC');
  });
});
