import { type Expression, type SqlBool, sql } from 'kysely';
import type { Db, ErrorStatus } from '@error-tracker/contracts/db/schema';
import type { ListQuery } from './list-query';

// The statements GET /api/errors runs; list-groups.ts chooses among them.

/**
 * A list counts matching groups exactly up to this many, a search its matches up to SEARCH_TOTAL_CAP;
 * past the cap `total` is a lower bound and `total_exact` is false (as Sentry's "1000+"). Over a
 * million groups an exact count of 800,000 costs 60–110 ms here even index-only, and of a search
 * matching 200,000 groups 150–350 ms.
 */
export const LIST_TOTAL_CAP = 10_000;
export const SEARCH_TOTAL_CAP = 1_000;

/** How far a walk of the sort order reads (at least) before the matches are gathered instead. */
export const WALK_ROWS = 20_000;
/** Search rows a probe reads: enough to find SEARCH_TOTAL_CAP matches when one row in 20 matches. */
const PROBE_ROWS = 20_000;

export const LIST_COLUMNS = [
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
  'assignee_member_id',
] as const;

/** `%` and `_` in a search are literal characters, not wildcards. */
const likePattern = (search: string): string => `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The statuses a query admits: ignored groups only when asked for by status. */
export function admittedStatuses(query: ListQuery): ErrorStatus[] {
  const byStatus: ErrorStatus[] = query.status
    ? [query.status]
    : query.resolved === undefined
      ? ['open', 'resolved']
      : ['open', 'resolved', 'ignored'];
  if (query.resolved === undefined) return byStatus;
  return byStatus.filter((status) => status === (query.resolved ? 'resolved' : 'open'));
}

/**
 * On error_search, `status = a or status = b`, not `in (a, b)`: its trigram index is partial by
 * status, and the planner matches partial indexes to the arms of an OR (a BitmapOr), not to the
 * items of an IN. On errors, `in` keeps the covering facet index usable for index-only counts.
 */
function statusFilter(table: 'errors' | 'error_search', statuses: readonly ErrorStatus[]): Expression<SqlBool> {
  const column = sql.ref(`${table}.status`);
  if (table === 'errors') return sql<SqlBool>`${column} in (${sql.join(statuses)})`;
  return sql<SqlBool>`(${sql.join(
    statuses.map((status) => sql`${column} = ${sql.lit(status)}`),
    sql` or `,
  )})`;
}

/** `me` is resolved to a member id by the route; left unresolved it matches nothing. */
function assigneeFilter(table: 'errors' | 'error_search', assignee: number | 'me' | 'none'): Expression<SqlBool> {
  const condition = (column: ReturnType<typeof sql.ref>) => {
    if (assignee === 'none') return sql<SqlBool>`${column} is null`;
    return assignee === 'me' ? sql<SqlBool>`false` : sql<SqlBool>`${column} = ${assignee}`;
  };
  if (table === 'errors') return condition(sql.ref('errors.assignee_member_id'));
  // error_search does not carry the assignee: it is looked up on the group.
  return sql<SqlBool>`exists (select 1 from errors assigned where assigned.id = error_search.error_id and ${condition(sql.ref('assigned.assignee_member_id'))})`;
}

/** The list filters on `table` (errors and error_search carry the same facet columns). */
function facetFilters(table: 'errors' | 'error_search', query: ListQuery, statuses: readonly ErrorStatus[]): Expression<SqlBool> {
  const conditions = [statusFilter(table, statuses)];
  for (const name of ['project', 'environment', 'level', 'source'] as const) {
    const value = query[name];
    if (value !== undefined) conditions.push(sql<SqlBool>`${sql.ref(`${table}.${name}`)} = ${value}`);
  }
  if (query.assignee !== undefined) conditions.push(assigneeFilter(table, query.assignee));
  return sql<SqlBool>`(${sql.join(conditions, sql` and `)})`;
}

export type SearchQuery = ListQuery & { search: string };

/** Lower-cased on both sides by PostgreSQL's own lower(), as the stored document is. */
const documentMatches = (search: string) => sql<SqlBool>`error_search.document like lower(${likePattern(search)})`;

function searchFilters(query: SearchQuery, statuses: readonly ErrorStatus[]): Expression<SqlBool> {
  return sql<SqlBool>`(${documentMatches(query.search)} and ${facetFilters('error_search', query, statuses)})`;
}

const sortColumn = (query: ListQuery) => sql.ref(`errors.${query.sort}`);

/** A sort key the planner cannot take from a sort index: with it, a page is sorted from gathered rows. */
function gatheredSortKey(query: ListQuery) {
  return query.sort === 'count' ? sql`errors.count + 0` : sql`${sortColumn(query)} + interval '0 s'`;
}

/**
 * The page of a list without search, gathered through the facet index and sorted: the sort key
 * keeps the planner from walking the whole sort index looking for rare matches.
 */
export function selectGroupsPage(db: Db, query: ListQuery, statuses: readonly ErrorStatus[] = admittedStatuses(query)) {
  return db
    .selectFrom('errors')
    .select(LIST_COLUMNS)
    .where(facetFilters('errors', query, statuses))
    .orderBy(gatheredSortKey(query), 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit)
    .offset(query.offset);
}

/** Counts the groups of a list without search, stopping at LIST_TOTAL_CAP + 1. */
export function countGroupsCapped(db: Db, query: ListQuery, statuses: readonly ErrorStatus[] = admittedStatuses(query)) {
  const matching = db
    .selectFrom('errors')
    .select(sql`1`.as('one'))
    .where(facetFilters('errors', query, statuses))
    .limit(LIST_TOTAL_CAP + 1);
  return db.selectFrom(matching.as('matching')).select((eb) => eb.fn.countAll<string>().as('total'));
}

/**
 * Counts a search's matches among the first PROBE_ROWS search rows (in storage order), stopping at
 * SEARCH_TOTAL_CAP + 1: a bounded sequential read that settles "more than the cap" for a common
 * search in a few milliseconds, where the index would first gather every match.
 */
export function probeSearchMatches(db: Db, query: SearchQuery, statuses: readonly ErrorStatus[] = admittedStatuses(query)) {
  const prefix = db.selectFrom('error_search').selectAll().limit(PROBE_ROWS);
  const matching = db
    .selectFrom(prefix.as('error_search'))
    .select(sql`1`.as('one'))
    .where(searchFilters(query, statuses))
    .limit(SEARCH_TOTAL_CAP + 1);
  return db.selectFrom(matching.as('matching')).select((eb) => eb.fn.countAll<string>().as('total'));
}

export type ListRow = Awaited<ReturnType<ReturnType<typeof selectGroupsPage>['execute']>>[number];
export type GatheredRow = { matched: number; sort_key: unknown } & (ListRow | { [K in keyof ListRow]: null });

/**
 * The page of a search from every match the index finds (at most SEARCH_TOTAL_CAP + 1 when
 * `capped`), and how many matched. Always one row at least: when the page is empty (or not built because the
 * cap was reached) a row of nulls carries the count.
 */
export function selectGatheredSearchPage(
  db: Db,
  query: SearchQuery,
  capped: boolean,
  statuses: readonly ErrorStatus[] = admittedStatuses(query),
) {
  const columns = sql.join(LIST_COLUMNS.map((column) => sql.ref(`errors.${column}`)));
  return sql<GatheredRow>`
    with matches as materialized (
      select error_search.error_id from error_search
      where ${searchFilters(query, statuses)} ${capped ? sql`limit ${SEARCH_TOTAL_CAP + 1}` : sql``}
    )
    select m.matched, p.*
    from (select count(*) as matched from matches) m
    left join lateral (
      select ${columns}, ${gatheredSortKey(query)} as sort_key
      from errors
      where errors.id in (select error_id from matches) ${capped ? sql`and m.matched <= ${SEARCH_TOTAL_CAP}` : sql``}
      order by sort_key desc, errors.id desc
      limit ${query.limit} offset ${query.offset}
    ) p on true
    order by p.sort_key desc, p.id desc`;
}

/**
 * The first `rows` groups in sort order, unfiltered: a walk bounded by the rows it reads, not by
 * the rows it keeps. (A LIMIT over filtered rows reads the whole index when the filter's groups
 * sit at the end of the order, as a quiet project's do in `sort=count`: 1.1 s over a million.)
 */
function sortOrderPrefix(db: Db, query: ListQuery, rows: number) {
  const project = query.project;
  return (
    db
      .selectFrom('errors')
      .select(LIST_COLUMNS)
      // (project, last_seen) has an index of its own: its walk reads only the project's groups
      .$if(query.sort === 'last_seen' && project !== undefined, (qb) => qb.where('project', '=', project as string))
      .orderBy(sortColumn(query), 'desc')
      .orderBy('id', 'desc')
      .limit(rows)
  );
}

/** Pages with many matching groups: kept from a walk of the first `rows` groups in sort order. */
export function selectWalkedGroupsPage(
  db: Db,
  query: ListQuery,
  rows: number,
  statuses: readonly ErrorStatus[] = admittedStatuses(query),
) {
  return db
    .selectFrom(sortOrderPrefix(db, query, rows).as('errors'))
    .selectAll()
    .where(facetFilters('errors', query, statuses))
    .orderBy(sortColumn(query), 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit)
    .offset(query.offset);
}

/**
 * The page of a search with many matches: walk the first WALK_ROWS groups in sort order and keep
 * the matching ones. Common matches fill a page after a few hundred rows; when they do not fill it
 * (matches clustered late in the order), the caller gathers instead.
 */
export function selectWalkedSearchPage(db: Db, query: SearchQuery, statuses: readonly ErrorStatus[] = admittedStatuses(query)) {
  // A scalar subquery is never turned into a join, so the walk stays a walk.
  const matches = sql<SqlBool>`(select ${documentMatches(query.search)} from error_search where error_search.error_id = errors.id)`;
  return selectWalkedGroupsPage(db, query, WALK_ROWS, statuses).where(matches);
}
