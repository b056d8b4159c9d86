import type { PartitionPeriod } from '@error-tracker/contracts/db/partitioned-tables';

const DAY_MS = 86_400_000;

/** The start of the period holding `at`, in UTC (weeks start on Monday, as date_trunc('week') does). */
export function periodStart(period: PartitionPeriod, at: Date): Date {
  const day = Math.floor(at.getTime() / DAY_MS) * DAY_MS;
  if (period === 'day') return new Date(day);
  if (period === 'week') return new Date(day - ((new Date(day).getUTCDay() + 6) % 7) * DAY_MS);
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
}

/** The start of the period after the one starting at `start`. */
export function nextPeriodStart(period: PartitionPeriod, start: Date): Date {
  if (period === 'day') return new Date(start.getTime() + DAY_MS);
  if (period === 'week') return new Date(start.getTime() + 7 * DAY_MS);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

/** The first period boundary after `at` (strictly). */
export function boundaryAfter(period: PartitionPeriod, at: Date): Date {
  return nextPeriodStart(period, periodStart(period, at));
}

/** `error_counts_p20261201`: the table and the UTC date its partition starts on. */
export function partitionName(table: string, start: Date): string {
  return `${table}_p${start.toISOString().slice(0, 10).replace(/-/g, '')}`;
}
