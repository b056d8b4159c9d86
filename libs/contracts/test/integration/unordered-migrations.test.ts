import { Migrator, sql } from 'kysely';
import { migrateToLatest } from '@error-tracker/contracts/db/migrate';
import { migrations } from '@error-tracker/contracts/db/migrations/index';
import { useSandbox } from '../../../../test/support/sandbox';

const sandbox = useSandbox({ empty: true });

describe('a migration that lands after a later one was applied', () => {
  it('is applied on the next migrate instead of stopping it', async () => {
    const late = '20261201050000_error_tallies';
    const without = Object.fromEntries(Object.entries(migrations).filter(([name]) => name !== late));
    const migrator = new Migrator({ db: sandbox.db, provider: { getMigrations: async () => without } });
    const first = await migrator.migrateToLatest();
    expect(first.error).toBeUndefined();
    expect(Object.keys(without).sort().pop()! > late).toBe(true);

    expect(await migrateToLatest(sandbox.db)).toEqual([late]);
    const { rows } = await sql<{ table: string | null }>`SELECT to_regclass('error_tallies')::text AS table`.execute(sandbox.db);
    expect(rows[0]?.table).toBe('error_tallies');
  });
});
