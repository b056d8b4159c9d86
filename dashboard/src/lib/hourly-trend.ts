import type { PlotColumns, PlotSeries } from './plot';
import { count } from './format';

/** One hour of a group's trend, as `GET /api/errors/{id}/hourly` answers it. */
export interface HourPoint {
  readonly timestamp: string;
  readonly error_count: number;
}

/** The windows the issue page offers, in hours. */
export const HOUR_WINDOWS = [
  ['24', 'Last 24 hours'],
  ['168', 'Last 7 days'],
  ['720', 'Last 30 days'],
] as const;

export type HourWindow = (typeof HOUR_WINDOWS)[number][0];

export const HOURLY_SERIES: readonly PlotSeries[] = [{ label: 'Events', color: '#1d4ed8' }];

export function hourColumns(points: readonly HourPoint[]): PlotColumns {
  return [points.map((point) => Date.parse(point.timestamp) / 1000), points.map((point) => point.error_count)];
}

/** `2026-12-01 13:00 UTC`. */
export const hourName = (timestamp: string): string => `${timestamp.slice(0, 16).replace('T', ' ')} UTC`;

/** The chart in words: the total, in how many hours, and the busiest hour. */
export function describeHours(points: readonly HourPoint[], period: string): string {
  const total = points.reduce((sum, point) => sum + point.error_count, 0);
  if (total === 0) return `No events in the ${period.toLowerCase()}.`;
  const busy = points.filter((point) => point.error_count > 0).length;
  const peak = points.reduce((best, point) => (point.error_count > best.error_count ? point : best));
  return (
    `${count(total)} event${total === 1 ? '' : 's'} in the ${period.toLowerCase()}, in ${busy} hour${busy === 1 ? '' : 's'}; ` +
    `busiest hour ${hourName(peak.timestamp)} with ${count(peak.error_count)}.`
  );
}
