import { type ExpressionBuilder, sql } from 'kysely';
import type { Database, Db, ErrorStatus } from '@error-tracker/common';
import type { ListQuery } from './list-query';

const LIST_COLUMNS = [
  'id',
  'fingerprint',
  'project',
  'environment',
  'exception_type',
  'message',
  'level',
  'source',
  'culprit',
  'count',
  'first_seen',
  'last_seen',
  'status',
] as const;

/** `%` and `_` in a search are literal characters, not wildcards. */
export const likePattern = (search: string): string => `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function filters(query: ListQuery) {
  return (eb: ExpressionBuilder<Database, 'errors'>) => {
    const conditions = [];
    if (query.project !== undefined) conditions.push(eb('project', '=', query.project));
    if (query.environment !== undefined) conditions.push(eb('environment', '=', query.environment));
    if (query.source !== undefined) conditions.push(eb('source', '=', query.source));
    if (query.level !== undefined) conditions.push(eb('level', '=', query.level));
    if (query.status !== undefined) conditions.push(eb('status', '=', query.status));
    else if (query.resolved === undefined) conditions.push(eb('status', '<>', 'ignored'));
    if (query.resolved !== undefined) {
      conditions.push(query.resolved ? eb('status', '=', 'resolved') : eb('status', '=', 'open'));
    }
    if (query.search !== undefined) {
      const pattern = likePattern(query.search);
      conditions.push(
        eb(
          'id',
          'in',
          eb
            .selectFrom('error_search')
            .select('error_search.error_id')
            .where('error_search.document', 'ilike', pattern),
        ),
      );
    }
    return eb.and(conditions);
  };
}

/**
 * A sort key the planner cannot serve from its index. With a search the trigram indexes must drive
 * the plan: walking the sort index and filtering with ILIKE is fast only when matches are common,
 * and a search that matches nothing would read the whole table.
 */
function sortKey(query: ListQuery) {
  if (query.search === undefined) return sql.ref(query.sort);
  return query.sort === 'count' ? sql`count + 0` : sql`${sql.ref(query.sort)} + interval '0 s'`;
}

/** The page of groups GET /api/errors shows (exported so tests can EXPLAIN the real statement). */
export function selectGroupsPage(db: Db, query: ListQuery) {
  return db
    .selectFrom('errors')
    .select(LIST_COLUMNS)
    .where(filters(query))
    .orderBy(sortKey(query), 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit)
    .offset(query.offset);
}

export function countGroups(db: Db, query: ListQuery) {
  return db
    .selectFrom('errors')
    .select((eb) => eb.fn.countAll<number>().as('total'))
    .where(filters(query));
}

export async function listErrors(db: Db, query: ListQuery) {
  const rows = await selectGroupsPage(db, query).execute();
  // A short page that is not past the end tells the total without counting.
  if (rows.length < query.limit && (rows.length > 0 || query.offset === 0)) {
    return { rows, total: query.offset + rows.length };
  }
  const { total } = await countGroups(db, query).executeTakeFirstOrThrow();
  return { rows, total: Number(total) };
}

export async function findError(db: Db, id: number) {
  return db
    .selectFrom('errors')
    .select([...LIST_COLUMNS, 'traceback', 'frames', 'resolved_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export const OCCURRENCES_SHOWN = 5;

export async function recentOccurrences(db: Db, errorId: number) {
  return db
    .selectFrom('error_occurrences')
    .select([
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
    ])
    .where('error_id', '=', errorId)
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
