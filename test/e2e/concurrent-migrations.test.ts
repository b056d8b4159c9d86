import { sql } from 'kysely';
import { createDb } from '@error-tracker/runtime/postgres';
import { migrations } from '@error-tracker/contracts/db/migrations/index';
import { createTestDatabase, type TestDatabase } from '../support/databases';
import { startRole } from '../support/processes';
import { createTestRedisPrefix } from '../support/redis-prefix';
import { testEnv } from '../support/test-config';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
});
afterAll(() => database.drop());

describe('error-tracker migrate', () => {
  it('applies every migration once when several processes start at the same moment', async () => {
    const env = testEnv(database.url, createTestRedisPrefix().prefix, { LOG_LEVEL: 'info' });
    const runs = Array.from({ length: 3 }, () => startRole('migrate', env));
    const codes = await Promise.all(runs.map((run) => run.exited));
    expect(codes).toEqual([0, 0, 0]);

    const applied = runs.flatMap((run) => run.output.map((line) => JSON.parse(line) as { applied?: string[] }));
    const names = applied.flatMap((line) => line.applied ?? []);
    expect(names.sort()).toEqual(Object.keys(migrations).sort());

    const db = createDb(database.url);
    try {
      const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
      expect(rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
      const tables = await sql<{ table_name: string }>`
        SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(db);
      expect(tables.rows.map((r) => r.table_name)).toEqual(
        expect.arrayContaining(['error_counts', 'error_occurrences', 'errors', 'ingested_events', 'outbox', 'projects']),
      );
    } finally {
      await db.destroy();
    }

    // A second run finds nothing to do.
    const again = startRole('migrate', env);
    expect(await again.exited).toBe(0);
    expect(again.output.join('\n')).toContain('schema up to date');
  });
});
