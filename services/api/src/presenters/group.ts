import type { ErrorStatus } from '@error-tracker/contracts/db/schema';
import type { HourCount } from '../groups/hourly-counts';

interface GroupRow {
  readonly status: ErrorStatus;
}

/** A group as lists and details show it: `resolved` for clients of the original API, beside `status`. */
export function presentGroup<T extends GroupRow>(row: T): T & { resolved: boolean } {
  return { ...row, resolved: row.status === 'resolved' };
}

export interface GroupPage<T extends GroupRow> {
  readonly rows: readonly T[];
  readonly total: number;
  readonly totalExact: boolean;
}

export function presentGroupList<T extends GroupRow>(page: GroupPage<T>, limit: number, offset: number) {
  return { errors: page.rows.map(presentGroup), total: page.total, total_exact: page.totalExact, limit, offset };
}

export function presentGroupDetail<T extends GroupRow, O>(group: T, occurrences: readonly O[]) {
  return { error: presentGroup(group), occurrences };
}

export function presentStatusChange(status: ErrorStatus) {
  return { status };
}

/** A group's hourly trend, shaped as `GET /api/analytics/trends` answers its buckets. */
export function presentGroupHours(id: number, hours: readonly HourCount[]) {
  return {
    error_id: id,
    hours: hours.length,
    data_points: hours.map((hour) => ({ timestamp: hour.hour.toISOString(), error_count: hour.events })),
  };
}
