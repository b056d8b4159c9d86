/** A group's events per hour over 24 hours (oldest first), drawn as a line and told in words. */

import { count as formatted } from './format';

/** SVG polyline points: x spread over `width`, y from the bottom, the busiest hour at the top. */
export function sparklinePoints(counts: readonly number[], width: number, height: number): string {
  if (counts.length === 0) return '';
  const peak = Math.max(1, ...counts);
  const step = counts.length > 1 ? width / (counts.length - 1) : 0;
  const round = (value: number) => Math.round(value * 10) / 10;
  return counts.map((count, hour) => `${round(hour * step)},${round(height - 1 - (count / peak) * (height - 2))}`).join(' ');
}

/** What a screen reader hears instead of the line. */
export function describeSparkline(counts: readonly number[]): string {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return 'No events in the last 24 hours';
  const peak = Math.max(...counts);
  const hoursAgo = counts.length - 1 - counts.lastIndexOf(peak);
  const when = hoursAgo === 0 ? 'this hour' : `${hoursAgo} hour${hoursAgo === 1 ? '' : 's'} ago`;
  return `${formatted(total)} event${total === 1 ? '' : 's'} in the last 24 hours, at most ${formatted(peak)} an hour (${when})`;
}
