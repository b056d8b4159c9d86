import { sql } from 'kysely';
import type { Db, ErrorStatus } from '@error-tracker/contracts/db/schema';
import type { ListQuery } from './list-query';
import {
  admittedStatuses,
  countGroupsCapped,
  type GatheredRow,
  LIST_TOTAL_CAP,
  type ListRow,
  probeSearchMatches,
  SEARCH_TOTAL_CAP,
  type SearchQuery,
  selectGatheredSearchPage,
  selectGroupsPage,
  selectWalkedGroupsPage,
  selectWalkedSearchPage,
  WALK_ROWS,
} from './list-statements';

export { LIST_TOTAL_CAP, SEARCH_TOTAL_CAP } from './list-statements';

/** Pages ending past this many matches gather every match rather than walk. */
const WALK_MAX_END = 1_000;

export interface GroupList<Row> {
  readonly rows: Row[];
  readonly total: number;
  readonly totalExact: boolean;
}

/**
 * Runs `work` with sequential scans off. Under a LIMIT the planner likes a sequential scan that
 * stops at the first rows it needs; when a filter correlated with the search leaves fewer rows than
 * it guessed, that scan reads the whole table. Through an index the cost stays bounded either way.
 */
function withIndexes<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx);
    return work(trx);
  });
}

type Total = Pick<GroupList<ListRow>, 'total' | 'totalExact'>;

/** Past the cap the total is a lower bound, except on the last page, which tells where the list ends. */
function totalFromCount(query: ListQuery, rows: readonly ListRow[], counted: number, cap: number): Total {
  if (counted <= cap) return { total: counted, totalExact: true };
  if (rows.length > 0 && rows.length < query.limit) return { total: query.offset + rows.length, totalExact: true };
  return { total: Math.max(cap, query.offset + rows.length), totalExact: false };
}

/**
 * Few matching groups are gathered and sorted; many are found by walking the sort index, reading
 * at most WALK_ROWS rows or 20 per row up to the end of the page (so matching groups must be one
 * in 20 of those walked), else gathered after all.
 */
async function listWithoutSearch(db: Db, query: ListQuery, statuses: readonly ErrorStatus[]): Promise<GroupList<ListRow>> {
  const counted = Number(
    await withIndexes(db, async (trx) => (await countGroupsCapped(trx, query, statuses).executeTakeFirstOrThrow()).total),
  );
  if (counted > LIST_TOTAL_CAP) {
    const walkRows = Math.max(WALK_ROWS, 20 * (query.offset + query.limit));
    const walked = await selectWalkedGroupsPage(db, query, walkRows, statuses).execute();
    if (walked.length === query.limit) return { rows: walked, ...totalFromCount(query, walked, counted, LIST_TOTAL_CAP) };
  }
  const rows = await withIndexes(db, (trx) => selectGroupsPage(trx, query, statuses).execute());
  return { rows, ...totalFromCount(query, rows, counted, LIST_TOTAL_CAP) };
}

async function gather(db: Db, query: SearchQuery, capped: boolean, statuses: readonly ErrorStatus[]) {
  const { rows } = await withIndexes(db, (trx) => selectGatheredSearchPage(trx, query, capped, statuses).execute(trx));
  return {
    matched: Number(rows[0]?.matched ?? 0),
    rows: rows.filter((row): row is GatheredRow & ListRow => row.id !== null).map(({ matched: _m, sort_key: _s, ...row }) => row),
  };
}

/**
 * A search with few matches gathers them all through the index and sorts them; one with many walks
 * the sort order and stops at a full page, which only works when matches are common. A bounded
 * probe, then a capped gather, tell which one this is.
 */
async function listSearch(db: Db, query: SearchQuery, statuses: readonly ErrorStatus[]): Promise<GroupList<ListRow>> {
  const probed = Number((await probeSearchMatches(db, query, statuses).executeTakeFirstOrThrow()).total);
  if (probed <= SEARCH_TOTAL_CAP) {
    const capped = await gather(db, query, true, statuses);
    if (capped.matched <= SEARCH_TOTAL_CAP) return { rows: capped.rows, total: capped.matched, totalExact: true };
  }
  if (query.offset + query.limit <= WALK_MAX_END) {
    const rows = await selectWalkedSearchPage(db, query, statuses).execute();
    if (rows.length === query.limit) return { rows, ...totalFromCount(query, rows, SEARCH_TOTAL_CAP + 1, SEARCH_TOTAL_CAP) };
  }
  const all = await gather(db, query, false, statuses);
  return { rows: all.rows, total: all.matched, totalExact: true };
}

export async function listGroups(db: Db, query: ListQuery): Promise<GroupList<ListRow>> {
  const statuses = admittedStatuses(query);
  if (statuses.length === 0) return { rows: [], total: 0, totalExact: true };
  const search = query.search;
  if (search === undefined) return listWithoutSearch(db, query, statuses);
  return listSearch(db, { ...query, search }, statuses);
}
