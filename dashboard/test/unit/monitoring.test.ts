import { bytes, decimal, millis, percent, timeframeOf } from '../../src/lib/monitoring';

describe('the monitoring page figures', () => {
  it('reads the timeframe from the address, 1h by default', () => {
    expect(timeframeOf('?timeframe=7d')).toBe('7d');
    expect(timeframeOf('?timeframe=1y')).toBe('1h');
    expect(timeframeOf('')).toBe('1h');
  });

  it('formats percentages, times, numbers and sizes, and a dash when there is no sample', () => {
    expect(percent(99.95123)).toBe('99.95%');
    expect(millis(12.345)).toBe('12.3 ms');
    expect(decimal(1234.56)).toBe('1,234.6');
    expect(bytes(1536)).toBe('1.5 KB');
    expect(bytes(3 * 1024 ** 3)).toBe('3 GB');
    expect(bytes(12)).toBe('12 B');
    for (const format of [percent, millis, decimal, bytes]) expect(format(null)).toBe('—');
  });
});
