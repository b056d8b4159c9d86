import { describeSparkline, sparklinePoints } from '../../src/lib/sparkline';

const hours = (entries: Record<number, number>) => Array.from({ length: 24 }, (_, hour) => entries[hour] ?? 0);

describe('the 24-hour sparkline', () => {
  it('spreads the hours over the width and puts the busiest hour at the top, quiet hours at the bottom', () => {
    const points = sparklinePoints(hours({ 0: 2, 23: 4 }), 92, 24).split(' ');
    expect(points).toHaveLength(24);
    expect(points[0]).toBe('0,12');
    expect(points[1]).toBe('4,23');
    expect(points[23]).toBe('92,1');
  });

  it('draws a flat line at the bottom for no events, and nothing for no data', () => {
    expect(
      new Set(
        sparklinePoints(hours({}), 92, 24)
          .split(' ')
          .map((point) => point.split(',')[1]),
      ),
    ).toEqual(new Set(['23']));
    expect(sparklinePoints([], 92, 24)).toBe('');
  });

  it('tells the total, the peak and when it was', () => {
    expect(describeSparkline(hours({}))).toBe('No events in the last 24 hours');
    expect(describeSparkline(hours({ 23: 1 }))).toBe('1 event in the last 24 hours, at most 1 an hour (this hour)');
    expect(describeSparkline(hours({ 20: 1500, 22: 3 }))).toBe(
      '1,503 events in the last 24 hours, at most 1,500 an hour (3 hours ago)',
    );
    expect(describeSparkline(hours({ 22: 2 }))).toBe('2 events in the last 24 hours, at most 2 an hour (1 hour ago)');
  });
});
