import { sql } from 'kysely';
import { startDiscordSink } from '../support/channel-sinks/discord-sink';
import { startPagerDutySink } from '../support/channel-sinks/pagerduty-sink';
import { startSignedWebhookSink } from '../support/channel-sinks/signed-webhook-sink';
import { startSlackSink } from '../support/channel-sinks/slack-sink';
import { apiPort } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { TEST_API_KEY } from '../support/test-config';
import { waitUntil } from '../support/wait-for';

const sandbox = useSandbox();
const SECRET = 'whsec-0123456789abcdef';

describe('alerting across processes', () => {
  it('notifies each channel once per firing with two notifiers, resolves PagerDuty when back to ok, sends new-error rules and real test messages', async () => {
    const [webhook, slack, pagerduty, discord] = await Promise.all([
      startSignedWebhookSink(SECRET),
      startSlackSink(),
      startPagerDutySink('routing-key-1'),
      startDiscordSink(),
    ]);
    for (const sink of [webhook, slack, pagerduty, discord]) sandbox.stopAfter(sink);
    const env = {
      ALERT_EVALUATION_INTERVAL_MS: '300',
      ALLOW_PRIVATE_WEBHOOKS: 'true',
      PUBLIC_URL: 'https://tracker.example.com',
    };
    const all = sandbox.start('all', env);
    sandbox.start('notifier', env);
    const base = `http://127.0.0.1:${await apiPort(all)}`;
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, unknown> | null };
    };

    expect(
      (await call('PUT', '/api/settings/integrations/webhook', { config: { url: webhook.target, secret: SECRET } })).status,
    ).toBe(200);
    expect((await call('PUT', '/api/settings/integrations/slack', { config: { webhook_url: slack.target } })).status).toBe(200);
    expect(
      (
        await call('PUT', '/api/settings/integrations/pagerduty', {
          config: { routing_key: 'routing-key-1', api_url: pagerduty.target },
        })
      ).status,
    ).toBe(200);
    expect((await call('PUT', '/api/settings/integrations/discord', { config: { webhook_url: discord.target } })).status).toBe(
      200,
    );
    const listed = await call('GET', '/api/settings/integrations');
    expect(JSON.stringify(listed.body)).not.toContain(SECRET);
    expect(JSON.stringify(listed.body)).not.toContain(slack.target);

    const tested = await call('POST', '/api/settings/integrations/webhook/test');
    expect(tested).toMatchObject({ status: 200, body: { status: 'connected', test: { state: 'sent' } } });
    expect({ requests: webhook.requests.length, problems: webhook.problems }).toEqual({ requests: 1, problems: [] });
    expect(webhook.deliveries).toHaveLength(1);

    const rule = await call('POST', '/api/alerts/rules', {
      name: 'Checkout burst',
      threshold: 2,
      time_window: '5m',
      filters: { project: 'checkout' },
      notifications: ['webhook', 'slack', 'pagerduty'],
    });
    expect(rule.status).toBe(201);
    await call('POST', '/api/alerts/rules', {
      name: 'New in checkout',
      kind: 'new_error',
      filters: { project: 'checkout' },
      notifications: ['discord'],
    });
    for (let i = 0; i < 3; i++)
      expect(
        (await call('POST', '/api/errors', { project: 'checkout', message: 'card declined', exception_type: 'PaymentError' }))
          .status,
      ).toBe(202);

    await waitUntil(
      'the firing delivered to every channel',
      () => webhook.deliveries.length === 2 && slack.messages.length === 1 && pagerduty.events.length === 1,
      { timeoutMs: 20_000 },
    );
    await waitUntil('the new-error rule delivered', () => discord.accepted.length === 1, { timeoutMs: 20_000 });
    // Several more evaluations by two notifiers: still one notification per channel.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect([webhook.deliveries.length, slack.messages.length, pagerduty.events.length, discord.accepted.length]).toEqual([
      2, 1, 1, 1,
    ]);
    expect(pagerduty.events[0]).toMatchObject({ event_action: 'trigger', routing_key: 'routing-key-1' });
    expect(JSON.stringify(slack.messages[0])).toContain('https://tracker.example.com/alerts/rules/');
    const firing = await call('GET', `/api/alerts/rules/${String(rule.body?.id)}`);
    expect(firing.body).toMatchObject({ state: 'firing', last_count: 3 });

    await sql`UPDATE event_minutes SET minute = minute - interval '1 hour'`.execute(sandbox.db);
    await waitUntil('PagerDuty resolved', () => pagerduty.events.length === 2, { timeoutMs: 20_000 });
    expect(pagerduty.events[1]).toMatchObject({ event_action: 'resolve', dedup_key: pagerduty.events[0]?.dedup_key });
    expect(pagerduty.openAlerts.size).toBe(0);
    for (const sink of [webhook, slack, pagerduty, discord]) expect(sink.problems).toEqual([]);
    expect((await call('GET', `/api/alerts/rules/${String(rule.body?.id)}`)).body).toMatchObject({ state: 'ok' });
  });
});
