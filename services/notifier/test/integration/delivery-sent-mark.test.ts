import { createLogger } from '@error-tracker/runtime/logger';
import { createDb } from '@error-tracker/runtime/postgres';
import { sleep } from '@error-tracker/runtime/retry';
import type { AlertPayload } from '@error-tracker/contracts/alert-channels';
import { queueDeliveries } from '../../src/rules/delivery-queue';
import { DeliveryWorker } from '../../src/rules/delivery-worker';
import { useSandbox } from '../../../../test/support/sandbox';
import { startTcpProxy, throughProxy } from '../../../../test/support/tcp-proxy';

const sandbox = useSandbox();
const LEASE_MS = 1_000;

describe('a delivery the service accepted while PostgreSQL went away', () => {
  it('is marked sent once PostgreSQL is back, and not sent again when its claim expires', async () => {
    const payload: AlertPayload = {
      event: 'new_error',
      title: 'New error in shop',
      dedup_key: 'group-1',
      at: new Date().toISOString(),
    };
    await sandbox.db
      .transaction()
      .execute((trx) =>
        queueDeliveries(trx, [{ ruleId: null, firing: 'outbox-1', channel: 'webhook', event: 'new_error', payload }]),
      );
    const database = new URL(sandbox.database.url);
    const proxy = sandbox.stopAfter(await startTcpProxy(database.hostname, Number(database.port || 5432)));
    const db = createDb(throughProxy(sandbox.database.url, proxy), { maxConnections: 2 });
    sandbox.stopAfter({ stop: () => db.destroy() });

    const sent: AlertPayload[] = [];
    const worker = new DeliveryWorker({
      db,
      owner: 'test',
      logger: createLogger('silent', 'test'),
      leaseMs: LEASE_MS,
      classify: (error) => ({ permanent: false, message: String(error) }),
      send: async (_channel, body) => {
        sent.push(body);
        if (sent.length > 1) return;
        // The service has answered; PostgreSQL goes away before the mark, for longer than the claim.
        proxy.down();
        setTimeout(() => proxy.up(), 2 * LEASE_MS);
        await Promise.resolve();
      },
    });

    // Had the mark's failure ended the run, the delivery would go out again here, its claim expired.
    await worker.runDue().catch(() => undefined);
    await sleep(2 * LEASE_MS + 300);
    await worker.runDue();

    expect(sent).toHaveLength(1);
    const rows = await sandbox.db.selectFrom('alert_deliveries').select(['state', 'attempts']).execute();
    expect(rows).toEqual([{ state: 'sent', attempts: 1 }]);
  });
});
