import type { StatsRow, TrendBucket, TrendPeriod, TrendRow } from '../stats/stats-repository';
import { formatDuration } from './format-duration';

const round1 = (n: number) => Math.round(n * 10) / 10;

export function presentStats(row: StatsRow) {
  return {
    total_errors: row.total_errors,
    resolved_errors: row.resolved_errors,
    errors_today: row.errors_today,
    errors_this_week: row.errors_this_week,
    errors_this_month: row.errors_this_month,
    error_rate_24h: round1(row.errors_24h / 24),
    resolution_rate: row.total_errors === 0 ? 0 : round1((100 * row.resolved_errors) / row.total_errors),
    avg_resolution_time: row.avg_resolution_seconds === null ? null : formatDuration(row.avg_resolution_seconds),
  };
}

export function presentTrends(period: TrendPeriod, groupBy: TrendBucket, rows: readonly TrendRow[]) {
  return {
    period,
    group_by: groupBy,
    data_points: rows.map((row) => ({
      timestamp: row.bucket,
      error_count: row.error_count,
      resolved_count: row.resolved_count,
      critical_count: row.critical_count,
    })),
  };
}
