import { sql } from 'kysely';
import { createLogger } from '@error-tracker/runtime/logger';
import { dashboardLinks } from '../../services/notifier/src/rules/alert-links';
import { ChannelError } from '../../services/notifier/src/channels/channel';
import { describeChannelFailure, isPermanentChannelFailure } from '../../services/notifier/src/channels/classify-failure';
import { ChannelDirectory } from '../../services/notifier/src/rules/channel-directory';
import { DeliveryWorker } from '../../services/notifier/src/rules/delivery-worker';
import { EventRules } from '../../services/notifier/src/rules/event-rules';
import { StormGuard } from '../../services/notifier/src/storm-guard';
import { channelStormKey } from '@error-tracker/contracts/redis-keys';
import { startSignedWebhookSink } from '../support/channel-sinks/signed-webhook-sink';
import { ThresholdEvaluator } from '../../services/notifier/src/rules/threshold-evaluator';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { useSandbox } from '../support/sandbox';
import { seedEvents } from '../support/seed';

const sandbox = useSandbox({ per: 'test' });
let api: ApiHarness;
const logger = createLogger('silent', 'test');

beforeEach(async () => {
  api = await startApiHarness(sandbox);
});

const evaluator = () => new ThresholdEvaluator(sandbox.db, dashboardLinks('https://tracker.example.com', 5010), logger);
const deliveries = () => sandbox.db.selectFrom('alert_deliveries').selectAll().orderBy('id').execute();
const createRule = async (body: unknown) => {
  const response = await api.send('POST', '/api/alerts/rules', body);
  expect(response.status).toBe(201);
  return (await response.json()) as { id: number; condition: string; state: string; last_triggered: string | null };
};

/** The rule body the original API documents, byte for byte. */
const SEED_RULE = `{
"name": "High Error Rate",
"condition": "error_count > threshold in time_window",
"threshold": 50,
"time_window": "5m",
"notifications": ["email", "slack"],
"enabled": true
}`;

describe('alert rules API', () => {
  it('takes the documented body as written and answers the condition in words, the state and the last trigger', async () => {
    const response = await fetch(`${api.base}/api/alerts/rules`, {
      method: 'POST',
      headers: { 'x-api-key': 'test-api-key-0123456789', 'content-type': 'application/json' },
      body: SEED_RULE,
    });
    expect(response.status).toBe(201);
    const rule = (await response.json()) as Record<string, unknown>;
    expect(rule).toMatchObject({
      name: 'High Error Rate',
      kind: 'threshold',
      condition: 'error_count > 50 in 5m',
      threshold: 50,
      time_window: '5m',
      notifications: ['email', 'slack'],
      enabled: true,
      state: 'ok',
      last_triggered: null,
      last_error: null,
    });
    const listed = (await (await api.get('/api/alerts/rules')).json()) as { rules: Array<{ id: number }> };
    expect(listed.rules.map((r) => r.id)).toEqual([rule.id]);
  });

  it('reads a condition written out, and filters into the words', async () => {
    const rule = await createRule({
      name: 'Shop errors',
      condition: 'error_count > 3 in 1 hour',
      filters: { project: 'shop', level: 'error' },
      notifications: ['webhook'],
    });
    expect(rule.condition).toBe('error_count > 3 in 1h where project = shop and level = error');
  });

  it('lists every problem of a bad rule', async () => {
    const response = await api.send('POST', '/api/alerts/rules', {
      name: '',
      threshold: -1,
      time_window: '2d',
      notifications: ['fax'],
      condition: 'error_count > 9 in 5m',
    });
    expect(response.status).toBe(400);
    const fields = ((await response.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['name', 'notifications.0', 'threshold']);
    const window = await api.send('POST', '/api/alerts/rules', { name: 'w', threshold: 1, time_window: '25h' });
    expect(((await window.json()) as { errors: Array<{ field: string; message: string }> }).errors).toEqual([
      { field: 'time_window', message: 'must be from 1m to 24h' },
    ]);
    const clash = await api.send('POST', '/api/alerts/rules', {
      name: 'c',
      threshold: 5,
      time_window: '5m',
      condition: 'error_count > 9 in 5m',
    });
    expect(((await clash.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['condition']);
  });

  it('replaces and deletes rules, each change audited', async () => {
    const rule = await createRule({ name: 'r', threshold: 1, time_window: '1m' });
    const replaced = await api.send('PUT', `/api/alerts/rules/${rule.id}`, {
      name: 'r2',
      kind: 'new_error',
      notifications: ['email'],
    });
    expect(replaced.status).toBe(200);
    expect(await replaced.json()).toMatchObject({
      name: 'r2',
      kind: 'new_error',
      threshold: null,
      time_window: null,
      condition: 'a new error group appears',
    });
    expect((await api.send('DELETE', `/api/alerts/rules/${rule.id}`)).status).toBe(204);
    expect((await api.get(`/api/alerts/rules/${rule.id}`)).status).toBe(404);
    const audit = (await (await api.get('/api/settings/audit-log')).json()) as { entries: Array<{ action: string }> };
    expect(audit.entries.map((e) => e.action)).toEqual(['rule.deleted', 'rule.updated', 'rule.created']);
  });
});

describe('threshold evaluation', () => {
  it('counts events per minute in a handful of rows per batch, not a row per event', async () => {
    await seedEvents(
      sandbox.db,
      Array.from({ length: 200 }, (_, i) => ({ project: i % 2 ? 'shop' : 'api', message: `m${i % 7}` })),
    );
    const rows = await sandbox.db.selectFrom('event_minutes').selectAll().execute();
    expect(rows.length).toBeLessThanOrEqual(4);
    expect(rows.reduce((sum, row) => sum + Number(row.count), 0)).toBe(200);
  });

  it('fires once when the window’s count passes the threshold, stays quiet while firing, and fires again only after ok', async () => {
    const rule = await createRule({
      name: 'Shop burst',
      threshold: 5,
      time_window: '5m',
      filters: { project: 'shop' },
      notifications: ['slack', 'pagerduty'],
    });
    await seedEvents(
      sandbox.db,
      Array.from({ length: 5 }, () => ({ project: 'shop' })),
    );
    await seedEvents(
      sandbox.db,
      Array.from({ length: 20 }, () => ({ project: 'other' })),
    );
    expect((await evaluator().evaluate()).fired).toEqual([]);

    await seedEvents(sandbox.db, [{ project: 'shop' }]);
    expect((await evaluator().evaluate()).fired).toEqual([rule.id]);
    expect((await evaluator().evaluate()).fired).toEqual([]);
    const answer = (await (await api.get(`/api/alerts/rules/${rule.id}`)).json()) as {
      state: string;
      last_triggered: string | null;
      last_count: number;
    };
    expect(answer).toMatchObject({ state: 'firing', last_count: 6 });
    expect(answer.last_triggered).not.toBeNull();
    expect((await deliveries()).map((d) => [d.channel, d.event, d.firing])).toEqual([
      ['slack', 'firing', '1'],
      ['pagerduty', 'firing', '1'],
    ]);
    const payload = (await deliveries())[0]?.payload as Record<string, unknown>;
    expect(payload).toMatchObject({
      count: 6,
      threshold: 5,
      window: '5m',
      project: 'shop',
      url: `https://tracker.example.com/alerts/rules/${rule.id}`,
    });

    // The window moves on: the events are now older than it.
    await sql`UPDATE event_minutes SET minute = minute - interval '10 minutes'`.execute(sandbox.db);
    expect((await evaluator().evaluate()).recovered).toEqual([rule.id]);
    expect((await deliveries()).map((d) => [d.channel, d.event])).toContainEqual(['pagerduty', 'resolved']);
    await seedEvents(
      sandbox.db,
      Array.from({ length: 6 }, () => ({ project: 'shop' })),
    );
    expect((await evaluator().evaluate()).fired).toEqual([rule.id]);
    expect((await deliveries()).filter((d) => d.event === 'firing').map((d) => d.firing)).toEqual(['1', '1', '2', '2']);
  });

  it('lets one evaluator at a time work: concurrent evaluations queue one notification', async () => {
    await createRule({ name: 'any', threshold: 0, time_window: '1m', notifications: ['webhook'] });
    await seedEvents(sandbox.db, [{ project: 'x' }]);
    const reports = await Promise.all(Array.from({ length: 4 }, () => evaluator().evaluate()));
    expect(reports.flatMap((r) => r.fired)).toHaveLength(1);
    expect(await deliveries()).toHaveLength(1);
  });

  it('opens an incident when a rule with a severity fires, and adds to its own open one', async () => {
    const rule = await createRule({ name: 'Sev', threshold: 0, time_window: '1m', incident_severity: 'high', notifications: [] });
    await seedEvents(sandbox.db, [{ project: 'inc' }]);
    await evaluator().evaluate();
    const incidents = (await (await api.get('/api/alerts/incidents')).json()) as {
      incidents: Array<{ rule_id: number; severity: string; status: string }>;
    };
    expect(incidents.incidents).toEqual([
      expect.objectContaining({ rule_id: rule.id, severity: 'high', status: 'investigating' }),
    ]);
  });
});

describe('new-error and regression rules', () => {
  it('queue a delivery per matching rule and channel, once per stream entry however often it is replayed', async () => {
    const rule = await createRule({
      name: 'New in shop',
      kind: 'new_error',
      filters: { project: 'shop' },
      notifications: ['discord', 'email'],
      recipients: ['dev@example.com'],
    });
    await createRule({ name: 'New in api', kind: 'new_error', filters: { project: 'api' }, notifications: ['slack'] });
    await createRule({ name: 'Regressions', kind: 'regression', notifications: ['teams'] });
    const [id = 0] = await seedEvents(sandbox.db, [{ project: 'shop', message: 'fresh' }]);
    const outbox = await sandbox.db
      .selectFrom('outbox')
      .select(['id', 'error_id', 'event_id', 'kind'])
      .where('error_id', '=', id)
      .executeTakeFirstOrThrow();
    const rules = new EventRules(sandbox.db, dashboardLinks(undefined, 5010));
    const message = { outbox_id: outbox.id, error_id: id, event_id: outbox.event_id, kind: outbox.kind };
    expect(await rules.enqueue(message)).toBe(1);
    expect(await rules.enqueue(message)).toBe(1);
    const queued = await deliveries();
    expect(queued.map((d) => [d.rule_id, d.channel, d.event])).toEqual([
      [rule.id, 'discord', 'new_error'],
      [rule.id, 'email', 'new_error'],
    ]);
    expect(queued[1]?.payload).toMatchObject({
      recipients: ['dev@example.com'],
      url: `http://localhost:5010/errors/${id}`,
      group: { id },
    });
  });
});

describe('delivery', () => {
  const SECRET = 'whsec-0123456789abcdef';

  async function setUp(threshold: number) {
    const sink = sandbox.stopAfter(await startSignedWebhookSink(SECRET));
    expect(
      (await api.send('PUT', '/api/settings/integrations/webhook', { config: { url: sink.target, secret: SECRET } })).status,
    ).toBe(200);
    const channels = new ChannelDirectory(sandbox.db, { allowPrivate: true, mail: undefined, alertEmails: [] });
    const worker = new DeliveryWorker({
      db: sandbox.db,
      owner: 'test',
      logger,
      send: (channel, payload) => channels.send(channel, payload),
      classify: (error) => ({
        permanent: isPermanentChannelFailure(error),
        message: describeChannelFailure(error),
        ...(error instanceof ChannelError && error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
      }),
      storm: new StormGuard(sandbox.redis, sandbox.redisPrefix, threshold, 400),
      stormKey: (channel) => channelStormKey(sandbox.redisPrefix, channel),
      retryBaseMs: 10,
      retryMaxMs: 20,
    });
    const rules = new EventRules(sandbox.db, dashboardLinks(undefined, 5010));
    const newGroup = async (message: string) => {
      const [id = 0] = await seedEvents(sandbox.db, [{ project: 'storm', message, exception_type: message.replace(/\W/g, '') }]);
      const outbox = await sandbox.db
        .selectFrom('outbox')
        .select(['id', 'event_id', 'kind'])
        .where('error_id', '=', id)
        .executeTakeFirstOrThrow();
      await rules.enqueue({ outbox_id: outbox.id, error_id: id, event_id: outbox.event_id, kind: outbox.kind });
    };
    return { sink, worker, newGroup };
  }

  it('holds a storm of new-error deliveries past the threshold and sends them as one digest when the window closes', async () => {
    const { sink, worker, newGroup } = await setUp(2);
    await createRule({ name: 'New', kind: 'new_error', notifications: ['webhook'] });
    for (const word of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) await newGroup(`storm ${word}`);
    await worker.runDue();
    expect(sink.deliveries).toHaveLength(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await worker.runDue();
    expect(sink.deliveries).toHaveLength(3);
    expect(sink.deliveries[2]).toMatchObject({ count: 3 });
    expect(JSON.stringify(sink.deliveries[2])).toContain('3 alerts during an alert storm');
    expect((await deliveries()).map((d) => d.state)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']);
    expect(sink.problems).toEqual([]);
  });

  it('retries a transient failure, records a permanent one on the rule and the integration', async () => {
    const { sink, worker, newGroup } = await setUp(100);
    const rule = await createRule({ name: 'New', kind: 'new_error', notifications: ['webhook'] });
    await newGroup('flaky');
    sink.failNext(1, { status: 503 });
    await worker.runDue();
    expect(sink.deliveries).toHaveLength(0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await worker.runDue();
    expect(sink.deliveries).toHaveLength(1);

    await newGroup('refused');
    sink.failNext(1, { status: 400, body: 'bad request' });
    await worker.runDue();
    const answered = (await (await api.get(`/api/alerts/rules/${rule.id}`)).json()) as { last_error: string | null };
    expect(answered.last_error).toMatch(/^webhook: .*400/);
    const integrations = (await (await api.get('/api/settings/integrations')).json()) as {
      integrations: Array<{ name: string; status: string }>;
    };
    expect(integrations.integrations.find((i) => i.name === 'webhook')?.status).toBe('failing');
    expect((await deliveries()).map((d) => d.state)).toEqual(['sent', 'failed']);
  });
});
