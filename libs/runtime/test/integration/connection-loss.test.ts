import { sql } from 'kysely';
import { createDb } from '@error-tracker/runtime/postgres';
import { sleep } from '@error-tracker/runtime/retry';
import { useSandbox } from '../../../../test/support/sandbox';
import { startTcpProxy, throughProxy } from '../../../../test/support/tcp-proxy';
import { waitFor } from '../../../../test/support/wait-for';

const sandbox = useSandbox();

describe('a pool connection lost while checked out', () => {
  it('fails the query in flight and the transaction that holds it, without crashing, and the pool recovers', async () => {
    const database = new URL(sandbox.database.url);
    const proxy = sandbox.stopAfter(await startTcpProxy(database.hostname, Number(database.port || 5432)));
    const db = createDb(throughProxy(sandbox.database.url, proxy), { maxConnections: 2 });
    sandbox.stopAfter({ stop: () => db.destroy() });

    // Without a listener on the checked-out client, pg's 'error' event is uncaught: jest fails the test, and a real process dies.
    const inFlight = sql`SELECT pg_sleep(5)`.execute(db);
    await sleep(300);
    proxy.down();
    await expect(inFlight).rejects.toThrow();
    proxy.up();

    const held = db.transaction().execute(async (trx) => {
      await sql`SELECT 1`.execute(trx);
      proxy.down();
      // The connection dies between two statements: no query is active when pg notices.
      await sleep(300);
      await sql`SELECT 2`.execute(trx);
    });
    await expect(held).rejects.toThrow();
    proxy.up();
    await sleep(200);

    const row = await waitFor(
      'a query through the pool again',
      async () => (await sql<{ one: number }>`SELECT 1 AS one`.execute(db)).rows[0],
    );
    expect(row).toEqual({ one: 1 });
  });
});
