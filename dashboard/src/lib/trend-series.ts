import type { TrendPoint } from '../api/types';
import type { PlotColumns } from './plot';

export const SERIES = [
  { key: 'error_count', label: 'Events', color: '#1d4ed8' },
  { key: 'resolved_count', label: 'Resolved issues', color: '#047857' },
  { key: 'critical_count', label: 'Fatal events', color: '#b91c1c' },
] as const;

/** uPlot's columns: x in Unix seconds, then one column per series. */
export function toColumns(points: readonly TrendPoint[]): PlotColumns {
  return [
    points.map((point) => Date.parse(point.timestamp) / 1000),
    ...SERIES.map((series) => points.map((point) => point[series.key])),
  ];
}

/** The chart in words, for those who cannot see it: totals and the busiest bucket. */
export function describeTrend(points: readonly TrendPoint[], bucket: string): string {
  if (points.length === 0) return 'No data in this period.';
  const events = points.reduce((sum, point) => sum + point.error_count, 0);
  const resolved = points.reduce((sum, point) => sum + point.resolved_count, 0);
  const peak = points.reduce((best, point) => (point.error_count > best.error_count ? point : best));
  const busiest =
    events === 0
      ? ''
      : `; busiest ${bucket} starting ${peak.timestamp.slice(0, 16).replace('T', ' ')} UTC with ${peak.error_count}`;
  return `${events} events and ${resolved} resolved issues over ${points.length} ${bucket}s${busiest}.`;
}
