import { sql } from 'kysely';
import type { Db, ErrorStatus } from '@error-tracker/contracts/db/schema';
import { LIST_COLUMNS } from './list-statements';

/** The group row's columns but count and last_seen, which come exact from error_totals (a busy group's row lags its tally). */
const ROW_COLUMNS = LIST_COLUMNS.flatMap((column) =>
  column === 'count' || column === 'last_seen' ? [] : [`errors.${column}` as const],
);

export async function findError(db: Db, id: number) {
  return db
    .selectFrom('errors')
    .innerJoin('error_totals', 'error_totals.error_id', 'errors.id')
    .select([
      ...ROW_COLUMNS,
      'error_totals.count',
      'error_totals.last_seen',
      'errors.traceback',
      'errors.frames',
      'errors.resolved_at',
    ])
    .where('errors.id', '=', id)
    .executeTakeFirst();
}

export const OCCURRENCES_SHOWN = 5;

const OCCURRENCE_COLUMNS = [
  'id',
  'event_id',
  'timestamp',
  'environment',
  'message',
  'level',
  'release',
  'request_url',
  'request_method',
  'request_headers',
  'user_id',
  'extra',
  'source_context',
] as const;

/**
 * The group's newest occurrences: its five slots (recent_occurrences), with what error_occurrences
 * holds from before them or from workers of the previous version during an upgrade.
 */
export async function recentOccurrences(db: Db, errorId: number) {
  const of = (table: 'recent_occurrences' | 'error_occurrences') =>
    db.selectFrom(table).select(OCCURRENCE_COLUMNS).where('error_id', '=', errorId);
  return db
    .selectFrom(of('recent_occurrences').unionAll(of('error_occurrences')).as('o'))
    .selectAll()
    .orderBy('timestamp', 'desc')
    .orderBy('id', 'desc')
    .limit(OCCURRENCES_SHOWN)
    .execute();
}

/** Answers whether the group exists. */
export async function setStatus(db: Db, id: number, status: ErrorStatus): Promise<boolean> {
  const result = await db
    .updateTable('errors')
    .set({
      status,
      resolved_at: status === 'resolved' ? sql<Date>`coalesce(resolved_at, now())` : null,
    })
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Occurrences and counters go with the group (ON DELETE CASCADE). */
export async function deleteError(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('errors').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function listProjectNames(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('projects').select('name').orderBy('name').execute();
  return rows.map((row) => row.name);
}
