import type { ErrorStatus } from '@error-tracker/contracts/db/schema';

interface ListRow {
  status: ErrorStatus;
}

/** The list shape of a group: seed 000's fields plus level, source, culprit and status. */
export function presentGroup<T extends ListRow>(row: T): T & { resolved: boolean } {
  return { ...row, resolved: row.status === 'resolved' };
}
