import { sql } from 'kysely';
import { migrations } from '@error-tracker/contracts/db/migrations/index';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox({ empty: true });

describe('error-tracker migrate', () => {
  it('applies every migration once when several processes start at the same moment', async () => {
    const runs = Array.from({ length: 3 }, () => sandbox.start('migrate'));
    const codes = await Promise.all(runs.map((run) => run.exited));
    expect(codes).toEqual([0, 0, 0]);

    const applied = runs.flatMap((run) => run.output.map((line) => JSON.parse(line) as { applied?: string[] }));
    const names = applied.flatMap((line) => line.applied ?? []);
    expect(names.sort()).toEqual(Object.keys(migrations).sort());

    const { rows } = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(sandbox.db);
    expect(rows.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
    const tables = await sql<{ table_name: string }>`
      SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`.execute(sandbox.db);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['error_counts', 'error_occurrences', 'errors', 'ingested_events', 'outbox', 'projects']),
    );

    // A second run finds nothing to do.
    const again = sandbox.start('migrate');
    expect(await again.exited).toBe(0);
    expect(again.output.join('\n')).toContain('schema up to date');
  });
});
