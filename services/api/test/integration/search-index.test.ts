import { sql } from 'kysely';
import {
  countGroupsCapped,
  type SearchQuery,
  selectGatheredSearchPage,
  selectWalkedSearchPage,
} from '../../src/groups/list-statements';
import { listQuerySchema } from '../../src/groups/list-query';
import { useSandbox } from '../../../../test/support/sandbox';
import { indexInsertedGroups } from '../../../../test/support/search-rows';

const sandbox = useSandbox();

beforeAll(async () => {
  // 50,000 groups with varied text, so the planner sees a realistic table.
  await sql`
    INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, count, first_seen, last_seen)
    SELECT md5(i::text), 'p' || (i % 20), 'production', (ARRAY['TypeError','ValueError','KeyError','RuntimeError'])[1 + i % 4],
           'failure number ' || i || ' in module ' || md5((i * 7)::text) || ' while handling ' || repeat(md5(i::text), 3), 'error', 'backend', 1 + i % 13,
           now() - make_interval(mins => i), now() - make_interval(secs => i)
    FROM generate_series(1, 50000) AS i`.execute(sandbox.db);
  await indexInsertedGroups(sandbox.db);
  // As autovacuum leaves a table at rest: the visibility map set, which index-only counts need.
  await sql`VACUUM ANALYZE errors`.execute(sandbox.db);
});

/** The plan of a statement as the list runs it: sequential scans off where it turns them off. */
async function plan(compiled: { sql: string; parameters: readonly unknown[] }, indexesOnly = true): Promise<string> {
  return sandbox.db.transaction().execute(async (trx) => {
    if (indexesOnly) await sql`set local enable_seqscan = off`.execute(trx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${sql.raw(inline(compiled))}`.execute(trx);
    return rows.map((row) => row['QUERY PLAN']).join('\n');
  });
}

/** EXPLAIN takes no bind parameters: inline them as literals (test-only, values are ours). */
function inline({ sql: text, parameters }: { sql: string; parameters: readonly unknown[] }): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = parameters[Number(n) - 1];
    return typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  });
}

describe('search', () => {
  it('gathers few matches through the trigram indexes, one per status, with the project inside', async () => {
    const query = listQuerySchema.parse({ search: 'a3f9c', project: 'p3' }) as SearchQuery;
    const text = await plan(selectGatheredSearchPage(sandbox.db, query, true).compile(sandbox.db));
    expect(text).toContain('BitmapOr');
    expect(text).toMatch(
      /Bitmap Index Scan on error_search_open_idx .*\n\s+Index Cond: \(\(document ~~ '%a3f9c%'::text\) AND \(\(project\)::text = 'p3'::text\)\)/,
    );
    expect(text).toContain('Bitmap Index Scan on error_search_resolved_idx');
    expect(text).not.toContain('error_search_ignored_idx');
    const ignored = await plan(selectGatheredSearchPage(sandbox.db, { ...query, status: 'ignored' }, true).compile(sandbox.db));
    expect(ignored).toContain('Bitmap Index Scan on error_search_ignored_idx');
    expect(ignored).not.toContain('error_search_open_idx');
  });

  it('walks the sort index for common matches, checking each group by its key', async () => {
    const query = listQuerySchema.parse({ search: 'failure', sort: 'count' }) as SearchQuery;
    const text = await plan(selectWalkedSearchPage(sandbox.db, query).compile(), false);
    expect(text).toContain('Index Scan using errors_count_idx on errors');
    expect(text).toContain('Index Scan using error_search_pkey on error_search');
    expect(text).not.toContain('Seq Scan');
  });

  it('counts a list without search from the covering facet index alone', async () => {
    const text = await plan(countGroupsCapped(sandbox.db, listQuerySchema.parse({ project: 'p3', level: 'error' })).compile());
    expect(text).toContain('Index Only Scan using errors_facets_idx on errors');
  });

  it('finds the rows the index points at', async () => {
    const query = listQuerySchema.parse({ search: 'FAILURE NUMBER 4242 ' }) as SearchQuery;
    const { rows } = await selectGatheredSearchPage(sandbox.db, query, true).execute(sandbox.db);
    expect(rows.map((row) => row.message?.slice(0, 22))).toEqual(['failure number 4242 in']);
  });
});
