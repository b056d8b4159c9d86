import { sql } from 'kysely';
import { createDb, type Db } from '@error-tracker/common';
import { countGroups, selectGroupsPage } from '../src/errors/errors-repository';
import { listQuerySchema } from '../src/errors/list-query';
import { createTestDatabase, type TestDatabase } from '../../../test/support/databases';

let database: TestDatabase;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  // 50,000 groups with varied text, so the planner sees a realistic table.
  await sql`
    INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, count, first_seen, last_seen)
    SELECT md5(i::text), 'p' || (i % 20), 'production', (ARRAY['TypeError','ValueError','KeyError','RuntimeError'])[1 + i % 4],
           'failure number ' || i || ' in module ' || md5((i * 7)::text) || ' while handling ' || repeat(md5(i::text), 3), 'error', 'backend', 1 + i % 13,
           now() - make_interval(mins => i), now() - make_interval(secs => i)
    FROM generate_series(1, 50000) AS i`.execute(db);
  await sql`INSERT INTO error_search (error_id, document) SELECT id, exception_type || ' ' || message FROM errors`.execute(db);
  await sql`ANALYZE errors`.execute(db);
  await sql`ANALYZE error_search`.execute(db);
});

afterAll(async () => {
  await db.destroy();
  await database.drop();
});

async function plan(compiled: { sql: string; parameters: readonly unknown[] }): Promise<string> {
  const { rows } = await sql<{ 'QUERY PLAN': string }>`EXPLAIN ${sql.raw(inline(compiled))}`.execute(db);
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

/** EXPLAIN takes no bind parameters: inline them as literals (test-only, values are ours). */
function inline({ sql: text, parameters }: { sql: string; parameters: readonly unknown[] }): string {
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = parameters[Number(n) - 1];
    return typeof value === 'number' ? String(value) : `'${String(value).replace(/'/g, "''")}'`;
  });
}

describe('search', () => {
  it('uses the trigram indexes for case-insensitive substring search (list and total)', async () => {
    const query = listQuerySchema.parse({ search: 'a3f9c' });
    const page = await plan(selectGroupsPage(db, query).compile());
    const total = await plan(countGroups(db, query).compile());
    for (const text of [page, total]) {
      expect(text).toContain('error_search_document_trgm_idx');
      expect(text).not.toMatch(/Seq Scan on error/);
    }
  });

  it('finds the rows the index points at', async () => {
    const query = listQuerySchema.parse({ search: 'FAILURE NUMBER 4242 ' });
    const rows = await selectGroupsPage(db, query).execute();
    expect(rows.map((row) => row.message.slice(0, 22))).toEqual(['failure number 4242 in']);
  });
});
