import { Migrator, sql } from 'kysely';
import { migrateToLatest } from '@error-tracker/contracts/db/migrate';
import { migrations } from '@error-tracker/contracts/db/migrations/index';
import { useSandbox } from '../../../../test/support/sandbox';

const sandbox = useSandbox({ empty: true });

describe('migration 20261122120000_search_facets on a database with groups', () => {
  it('lower-cases the search text, copies the list filters, and keeps status in step from then on', async () => {
    const migrator = new Migrator({ db: sandbox.db, provider: { getMigrations: async () => migrations } });
    const before = await migrator.migrateTo('20261122010000_search_table');
    expect(before.error).toBeUndefined();
    await sql`
      INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, first_seen, last_seen, status)
      VALUES (md5('a'), 'shop', 'staging', 'ValueError', 'Échec: Bad Input', 'warning', 'backend', now(), now(), 'resolved'),
             (md5('b'), 'blog', 'production', 'TypeError', 'x is undefined', 'error', 'browser', now(), now(), 'ignored')`.execute(
      sandbox.db,
    );
    await sql`INSERT INTO error_search (error_id, document) SELECT id, exception_type || ' ' || message FROM errors`.execute(
      sandbox.db,
    );

    expect(await migrateToLatest(sandbox.db)).toContain('20261122120000_search_facets');

    const rows = await sandbox.db
      .selectFrom('error_search')
      .innerJoin('errors', 'errors.id', 'error_search.error_id')
      .select([
        'errors.fingerprint',
        'document',
        'error_search.project',
        'error_search.environment',
        'error_search.level',
        'error_search.source',
        'error_search.status',
      ])
      .orderBy('errors.fingerprint')
      .execute();
    expect(rows.map(({ fingerprint: _, ...row }) => row)).toEqual([
      {
        document: 'valueerror échec: bad input',
        project: 'shop',
        environment: 'staging',
        level: 'warning',
        source: 'backend',
        status: 'resolved',
      },
      {
        document: 'typeerror x is undefined',
        project: 'blog',
        environment: 'production',
        level: 'error',
        source: 'browser',
        status: 'ignored',
      },
    ]);

    await sandbox.db.updateTable('errors').set({ status: 'open' }).where('project', '=', 'shop').execute();
    const shop = await sandbox.db
      .selectFrom('error_search')
      .select('status')
      .where('project', '=', 'shop')
      .executeTakeFirstOrThrow();
    expect(shop.status).toBe('open');
  });

  it('takes search rows from workers of the previous version (text only) during a rolling upgrade', async () => {
    const { rows } = await sql<{ id: number }>`
      INSERT INTO errors (fingerprint, project, environment, exception_type, message, level, source, first_seen, last_seen)
      VALUES (md5('c'), 'api', 'production', 'KeyError', 'Missing KEY', 'fatal', 'backend', now(), now()) RETURNING id`.execute(
      sandbox.db,
    );
    const id = rows[0]?.id as number;
    await sql`INSERT INTO error_search (error_id, document) SELECT id, exception_type || ' ' || message FROM errors WHERE id = ${id}`.execute(
      sandbox.db,
    );
    const row = await sandbox.db.selectFrom('error_search').selectAll().where('error_id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({
      error_id: id,
      document: 'keyerror missing key',
      project: 'api',
      environment: 'production',
      level: 'fatal',
      source: 'backend',
      status: 'open',
    });
  });
});
