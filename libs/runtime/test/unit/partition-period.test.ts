import { boundaryAfter, nextPeriodStart, partitionName, periodStart } from '@error-tracker/runtime/partitions/period';

const at = (iso: string) => new Date(iso);

describe('partition periods (UTC)', () => {
  it('starts a day at midnight UTC, a week on Monday, a month on its first day', () => {
    const wednesday = at('2026-12-02T23:59:59.999Z');
    expect(periodStart('day', wednesday).toISOString()).toBe('2026-12-02T00:00:00.000Z');
    expect(periodStart('week', wednesday).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(periodStart('month', wednesday).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    // A Sunday belongs to the week that began six days before; a Monday starts its own.
    expect(periodStart('week', at('2026-12-06T12:00:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(periodStart('week', at('2026-12-07T00:00:00Z')).toISOString()).toBe('2026-12-07T00:00:00.000Z');
  });

  it('steps to the next period across month and year ends', () => {
    expect(nextPeriodStart('day', at('2026-12-31T00:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(nextPeriodStart('week', at('2026-12-28T00:00:00Z')).toISOString()).toBe('2027-01-04T00:00:00.000Z');
    expect(nextPeriodStart('month', at('2026-12-01T00:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(nextPeriodStart('month', at('2027-01-01T00:00:00Z')).toISOString()).toBe('2027-02-01T00:00:00.000Z');
  });

  it('finds the first boundary strictly after a time, even one on a boundary', () => {
    expect(boundaryAfter('day', at('2026-12-02T00:00:00Z')).toISOString()).toBe('2026-12-03T00:00:00.000Z');
    expect(boundaryAfter('month', at('2026-12-15T10:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('names a partition after its table and first day', () => {
    expect(partitionName('error_counts', at('2027-01-01T00:00:00Z'))).toBe('error_counts_p20270101');
  });
});
