import { sleep } from '@error-tracker/runtime/retry';
import { type ChaosRole, type ChaosSystem, startChaosSystem } from '../support/chaos-system';
import { countedEvents, waitUntilCounted } from '../support/counted-events';
import { type FaultFigures, faultTable } from '../support/fault-figures';
import { type IngestLoad, startIngestLoad } from '../support/ingest-load';
import { useSandbox } from '../support/sandbox';
import { TEST_API_KEY } from '../support/test-config';
import { waitUntil } from '../support/wait-for';
import { newestGroupId, untoldGroups, webhookAlerts } from '../support/webhook-alerts';

/** How long PostgreSQL is cut off: 60 s for the long run (CHAOS_PG_OUTAGE_SECONDS=60), 10 s by default so CI stays near two minutes. */
const PG_OUTAGE_MS = 1000 * Number(process.env.CHAOS_PG_OUTAGE_SECONDS ?? 10);
const PER_SECOND = 30;
const SECRET = 'whsec-chaos-0123456789';
const NEW_ERRORS = 'chaos-new';
const HEAL_TIMEOUT_MS = 90_000;

const sandbox = useSandbox();

/** Every tenth event starts a group of its own (one new-error alert each); the rest fall in 25 groups. */
const chaosEvent = (i: number) =>
  i % 10 === 0
    ? { project: NEW_ERRORS, message: `new failure ${i}`, fingerprint: `chaos-new-${i}` }
    : { project: 'chaos', message: `steady failure ${i % 25}`, fingerprint: `chaos-${i % 25}` };

interface Fault {
  readonly name: string;
  inject(): Promise<void>;
  /** How long the fault lasts before it is repaired. */
  readonly holdMs: number;
  repair(): Promise<void>;
  /** Also wait for the webhook to have told every new group so far. */
  readonly alerts?: boolean;
}

async function createRules(system: ChaosSystem): Promise<void> {
  const call = async (method: string, path: string, body: unknown) =>
    (
      await fetch(`${system.base}${path}`, {
        method,
        headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
    ).status;
  const webhook = { config: { url: system.webhook.target, secret: SECRET } };
  expect(await call('PUT', '/api/settings/integrations/webhook', webhook)).toBe(200);
  const threshold = {
    name: 'Chaos burst',
    threshold: 0,
    time_window: '1h',
    filters: { project: 'chaos' },
    notifications: ['webhook'],
  };
  expect(await call('POST', '/api/alerts/rules', threshold)).toBe(201);
  const newError = { name: 'New in chaos', kind: 'new_error', filters: { project: NEW_ERRORS }, notifications: ['webhook'] };
  expect(await call('POST', '/api/alerts/rules', newError)).toBe(201);
}

/** Waits until every new group up to the newest one now has had its new-error alert. */
async function allGroupsTold(system: ChaosSystem): Promise<void> {
  const upToId = await newestGroupId(sandbox.db, NEW_ERRORS);
  const told = async () =>
    (await untoldGroups(sandbox.db, NEW_ERRORS, webhookAlerts(system.webhook.deliveries).newErrorGroups, upToId)).length === 0;
  await waitUntil('every new group so far told by the webhook', told, { timeoutMs: HEAL_TIMEOUT_MS, intervalMs: 250 });
}

/** Injects the fault, repairs it, and waits until load succeeds again and every 2xx event so far is counted exactly once. */
async function survive(system: ChaosSystem, load: IngestLoad, fault: Fault): Promise<FaultFigures> {
  load.nextStretch();
  const injectedAt = Date.now();
  await fault.inject();
  await sleep(fault.holdMs);
  await fault.repair();
  const repairedAt = Date.now();
  const backAt = await load.acceptedAfter(repairedAt, 60_000);
  const counted = await waitUntilCounted(sandbox.db, [...load.acceptedIds], HEAL_TIMEOUT_MS);
  if (fault.alerts) await allGroupsTold(system);
  expect(counted.summed).toBe(counted.ingested);
  return {
    fault: fault.name,
    tally: load.nextStretch(),
    outageMs: repairedAt - injectedAt,
    loadBackMs: backAt - repairedAt,
    healedMs: Date.now() - repairedAt,
  };
}

describe('chaos: one fault after another under a steady ingest load', () => {
  it('counts every 2xx event exactly once, tells every alert once, and heals without an operator', async () => {
    const system = await startChaosSystem(sandbox, SECRET);
    await createRules(system);
    const load = sandbox.stopAfter(
      startIngestLoad({ base: system.base, apiKey: TEST_API_KEY, perSecond: PER_SECOND, body: chaosEvent }),
    );
    const killAndReplace = (role: ChaosRole, alerts = false): Fault => ({
      name: `kill -9 ${role === 'ingest-worker' ? 'an ingest worker (of two)' : `the ${role}`}`,
      inject: () => system.kill9(role),
      holdMs: 0,
      repair: async () => {
        await system.replace(role);
        load.retarget(system.base);
      },
      alerts,
    });
    const faults: Fault[] = [
      // A steady state first, so every fault hits a system in full flow.
      { name: 'none (warm-up)', inject: async () => undefined, holdMs: 3_000, repair: async () => undefined, alerts: true },
      killAndReplace('api'),
      killAndReplace('ingest-worker'),
      killAndReplace('notifier', true),
      {
        name: 'kill -9 Redis, start it again',
        inject: () => system.redis.kill9(),
        holdMs: 2_000,
        repair: () => system.redis.restart(),
      },
      {
        name: `cut PostgreSQL for ${PG_OUTAGE_MS / 1000} s`,
        inject: async () => system.postgres.down(),
        holdMs: PG_OUTAGE_MS,
        repair: async () => system.postgres.up(),
        alerts: true,
      },
    ];

    const figures: FaultFigures[] = [];
    for (const fault of faults) {
      try {
        figures.push(await survive(system, load, fault));
      } catch (error) {
        console.log(`${system.logs()}\n${faultTable(figures)}`);
        throw error;
      }
    }

    const total = await load.stop();
    await waitUntilCounted(sandbox.db, load.acceptedIds, HEAL_TIMEOUT_MS);
    await allGroupsTold(system);
    // Time for a late repeat (a job or a delivery done again after its lease) to show.
    await sleep(6_000);
    const settled = await countedEvents(sandbox.db, load.acceptedIds);
    const alerts = webhookAlerts(system.webhook.deliveries);
    const newGroups = (await untoldGroups(sandbox.db, NEW_ERRORS, new Set())).length;
    const countedWithoutAnswer = settled.ingested - total.accepted;
    console.log(
      [
        `chaos at ${PER_SECOND} events/s: ${total.sent} sent, ${total.accepted} answered 2xx, ${total.unavailable} 503, ${total.noAnswer} without an answer;`,
        `${settled.ingested} counted (${countedWithoutAnswer} of them never answered 2xx), sum(errors.count) ${settled.summed};`,
        `webhook: ${alerts.firings} threshold firing, ${alerts.newErrorGroups.size} new-error alerts for ${newGroups} new groups, ${alerts.repeats.length} repeats`,
        faultTable(figures),
      ].join('\n'),
    );

    expect(settled).toEqual({ missing: [], ingested: settled.summed, summed: settled.summed });
    // Counted without a 2xx: only requests whose answer was lost (the API killed mid-request) or refused in doubt.
    expect(countedWithoutAnswer).toBeGreaterThanOrEqual(0);
    expect(countedWithoutAnswer).toBeLessThanOrEqual(total.noAnswer + total.unavailable);
    expect(alerts.repeats).toEqual([]);
    expect(alerts.firings).toBe(1);
    expect(alerts.newErrorGroups.size).toBe(newGroups);
    expect(system.webhook.problems).toEqual([]);
  }, 300_000);
});
