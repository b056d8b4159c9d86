import { sql } from 'kysely';
import { LIST_TOTAL_CAP, listGroups, SEARCH_TOTAL_CAP } from '../../src/groups/list-groups';
import {
  type SearchQuery,
  selectGatheredSearchPage,
  selectGroupsPage,
  selectWalkedGroupsPage,
  selectWalkedSearchPage,
  WALK_ROWS,
} from '../../src/groups/list-statements';
import { listQuerySchema } from '../../src/groups/list-query';
import { indexInsertedGroups } from '../../../../test/support/search-rows';
import { useSandbox } from '../../../../test/support/sandbox';
import { seedEvents } from '../../../../test/support/seed';

const sandbox = useSandbox();

const GROUPS = 36_000;
/**
 * The oldest groups (by last_seen) mention "legacy": more of them are visible than a search counts
 * to, and more newer groups than a walk reads come before them.
 */
const LEGACY = 2_000;
const parse = (query: Record<string, string>) => listQuerySchema.parse(query);
const ids = (rows: ReadonlyArray<{ id: number | string | null }>) =>
  rows.filter((row) => row.id !== null).map((row) => Number(row.id));
const parseSearch = (query: Record<string, string>) => parse(query) as SearchQuery;
/** The reference page: every match gathered and sorted. */
const gatheredIds = async (query: SearchQuery) =>
  ids((await selectGatheredSearchPage(sandbox.db, query, false).execute(sandbox.db)).rows);

beforeAll(async () => {
  // Group i: project p<i%8>, every fifth ignored, every seventh resolved; higher i is seen later.
  await sql`
    INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, count, first_seen, last_seen, status)
    SELECT md5(i::text), 'p' || (i % 8), 'production', (ARRAY['TypeError','ValueError'])[1 + i % 2],
           CASE WHEN i <= ${LEGACY} THEN 'legacy failure ' ELSE 'failure ' END || i, 'error', 'backend', 1 + i % 13,
           now() - make_interval(mins => ${GROUPS} - i), now() - make_interval(secs => ${GROUPS} - i),
           CASE WHEN i % 5 = 0 THEN 'ignored' WHEN i % 7 = 0 THEN 'resolved' ELSE 'open' END
    FROM generate_series(1, ${GROUPS}) AS i`.execute(sandbox.db);
  await indexInsertedGroups(sandbox.db);
  await sql`ANALYZE errors`.execute(sandbox.db);
});

async function exactCount(where: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`SELECT count(*) AS n FROM errors WHERE ${sql.raw(where)}`.execute(sandbox.db);
  return Number(rows[0]?.n);
}

describe('totals', () => {
  it('count up to the cap, then say the total is a lower bound', async () => {
    expect(await exactCount("status <> 'ignored'")).toBeGreaterThan(LIST_TOTAL_CAP);
    const list = await listGroups(sandbox.db, parse({}));
    expect(list).toMatchObject({ total: LIST_TOTAL_CAP, totalExact: false });
    expect(ids(list.rows)).toEqual(
      ids(
        (
          await sql<{
            id: string;
          }>`SELECT id FROM errors WHERE status <> 'ignored' ORDER BY last_seen DESC, id DESC LIMIT 50`.execute(sandbox.db)
        ).rows,
      ),
    );
  });

  it('are exact under the cap', async () => {
    const list = await listGroups(sandbox.db, parse({ project: 'p3', status: 'resolved' }));
    expect(list).toMatchObject({ total: await exactCount("project = 'p3' AND status = 'resolved'"), totalExact: true });
  });

  it('are exact on the last page, even past the cap', async () => {
    const visible = await exactCount("status <> 'ignored'");
    const list = await listGroups(sandbox.db, parse({ offset: String(visible - 10) }));
    expect(list).toMatchObject({ total: visible, totalExact: true });
    expect(list.rows).toHaveLength(10);
  });

  it('on a full page past the cap, count at least to the end of the page', async () => {
    const list = await listGroups(sandbox.db, parse({ offset: String(LIST_TOTAL_CAP + 500), limit: '100' }));
    expect(list).toMatchObject({ total: LIST_TOTAL_CAP + 600, totalExact: false });
  });

  it('for a search, count its matches exactly up to the search cap', async () => {
    const narrow = await listGroups(sandbox.db, parse({ search: 'FAILURE 3141' }));
    expect(narrow).toMatchObject({
      total: await exactCount("message LIKE '%failure 3141%' AND status <> 'ignored'"),
      totalExact: true,
    });
    const broad = await listGroups(sandbox.db, parse({ search: 'failure', limit: '1' }));
    expect(broad).toMatchObject({ total: SEARCH_TOTAL_CAP, totalExact: false });
  });

  it('are exact for an empty page past the end', async () => {
    const visible = await exactCount("message LIKE '%failure 3141%' AND status <> 'ignored'");
    expect(await listGroups(sandbox.db, parse({ search: 'failure 3141', offset: '500' }))).toMatchObject({
      rows: [],
      total: visible,
      totalExact: true,
    });
    expect(await listGroups(sandbox.db, parse({ project: 'p3', offset: '900000' }))).toMatchObject({
      rows: [],
      total: await exactCount("project = 'p3' AND status <> 'ignored'"),
    });
  });
});

describe('pages without search', () => {
  it.each<Record<string, string>>([
    {},
    { project: 'p4', offset: '30' },
    { sort: 'count', project: 'p2' },
    { sort: 'first_seen', status: 'ignored', offset: '75' },
    { resolved: 'true', sort: 'count', limit: '200' },
  ])('walking the sort index gives the page gathering and sorting gives: %j', async (raw) => {
    const query = parse(raw);
    const walked = ids(await selectWalkedGroupsPage(sandbox.db, query, WALK_ROWS).execute());
    expect(walked).toHaveLength(query.limit);
    expect(ids(await selectGroupsPage(sandbox.db, query).execute())).toEqual(walked);
    expect(ids((await listGroups(sandbox.db, query)).rows)).toEqual(walked);
  });
});

describe('search pages', () => {
  const pages: Array<Record<string, string>> = [
    { search: 'failure' },
    { search: 'Failure', sort: 'count' },
    { search: 'failure', sort: 'first_seen', offset: '120', limit: '40' },
    { search: 'failure', project: 'p5' },
    { search: 'valueerror', status: 'ignored' },
    { search: 'error', resolved: 'true', sort: 'count' },
  ];

  it.each(pages)('walking the sort order gives the page gathering every match gives: %j', async (raw) => {
    const query = parseSearch(raw);
    const expected = await gatheredIds(query);
    expect(expected).toHaveLength(query.limit);
    expect(ids(await selectWalkedSearchPage(sandbox.db, query).execute())).toEqual(expected);
    expect(ids((await listGroups(sandbox.db, query)).rows)).toEqual(expected);
  });

  it('matches clustered late in the sort order are found by gathering them all (and counted exactly)', async () => {
    const query = parseSearch({ search: 'LEGACY' });
    expect(await selectWalkedSearchPage(sandbox.db, query).execute()).toEqual([]);
    const list = await listGroups(sandbox.db, query);
    expect(list.rows).toHaveLength(50);
    expect(list.rows.every((row) => row.message.startsWith('legacy'))).toBe(true);
    expect(ids(list.rows)).toEqual(await gatheredIds(query));
    expect(list).toMatchObject({ total: await exactCount("message LIKE 'legacy%' AND status <> 'ignored'"), totalExact: true });
  });

  it('deep pages of a broad search are gathered, in order', async () => {
    const list = await listGroups(sandbox.db, parse({ search: 'failure', offset: '5000', limit: '20' }));
    const expected = await sql<{ id: string }>`
      SELECT id FROM errors WHERE status <> 'ignored' ORDER BY last_seen DESC, id DESC OFFSET 5000 LIMIT 20`.execute(sandbox.db);
    expect(ids(list.rows)).toEqual(ids(expected.rows));
  });
});

describe('the search table', () => {
  it('follows every status change of a group (trigger on errors)', async () => {
    const [row] = (await sql<{ id: string }>`SELECT id FROM errors WHERE message = 'failure 35999'`.execute(sandbox.db)).rows;
    const id = Number(row?.id);
    const statusInSearch = async () =>
      (await sandbox.db.selectFrom('error_search').select('status').where('error_id', '=', id).executeTakeFirstOrThrow()).status;
    for (const status of ['ignored', 'resolved', 'open'] as const) {
      await sandbox.db.updateTable('errors').set({ status }).where('id', '=', id).execute();
      expect(await statusInSearch()).toBe(status);
      const found = await listGroups(sandbox.db, parse({ search: 'failure 35999', status }));
      expect(ids(found.rows)).toEqual([id]);
    }
  });

  it('is written by the ingest batch writer, lower-cased beyond ASCII, and reopened groups follow', async () => {
    const [id] = await seedEvents(sandbox.db, [
      { project: 'intl', exception_type: 'ConnexionError', message: 'Échec de la connexion à ΣΥΣΤΗΜΑ' },
    ]);
    for (const search of ['ÉCHEC DE', 'συστημα', 'connexionerror']) {
      expect(ids((await listGroups(sandbox.db, parse({ search }))).rows)).toEqual([id]);
    }
    await sandbox.db
      .updateTable('errors')
      .set({ status: 'resolved' })
      .where('id', '=', id as number)
      .execute();
    await seedEvents(sandbox.db, [
      { project: 'intl', exception_type: 'ConnexionError', message: 'Échec de la connexion à ΣΥΣΤΗΜΑ' },
    ]);
    expect(ids((await listGroups(sandbox.db, parse({ search: 'échec', status: 'open' }))).rows)).toEqual([id]);
    expect((await listGroups(sandbox.db, parse({ search: 'échec', status: 'resolved' }))).rows).toEqual([]);
  });
});

describe('a filter whose groups all sit at the end of the sort order', () => {
  it('is walked no further than the walk allows, then gathered', async () => {
    // 14,000 groups (more than the count cap) turn quiet: level debug, count 0, last in sort=count.
    await sql`UPDATE errors SET level = 'debug', count = 0 WHERE fingerprint IN (SELECT md5(i::text) FROM generate_series(2001, 16000) AS i)`.execute(
      sandbox.db,
    );
    await sql`UPDATE error_search s SET level = 'debug' FROM errors e WHERE e.id = s.error_id AND e.level = 'debug'`.execute(
      sandbox.db,
    );
    const query = parse({ level: 'debug', sort: 'count' });
    expect(await selectWalkedGroupsPage(sandbox.db, query, WALK_ROWS).execute()).toEqual([]);
    const list = await listGroups(sandbox.db, query);
    expect(list).toMatchObject({ total: LIST_TOTAL_CAP, totalExact: false });
    expect(ids(list.rows)).toEqual(ids(await selectGroupsPage(sandbox.db, query).execute()));
    expect(list.rows.map((row) => [row.level, Number(row.count)])).toEqual(Array(50).fill(['debug', 0]));
  });
});
