import { createChannel } from '../../../src/channels';
import { startPagerDutySink } from '../../../../../test/support/channel-sinks/pagerduty-sink';
import { FIRING, RESOLVED } from '../../support/alert-messages';
import { ROUTING_KEY, useSinks } from './channel-cases';

const DEPS = { allowPrivate: true };

describe('PagerDuty channel', () => {
  const track = useSinks();

  it('triggers when a rule fires and resolves the same alert (same dedup_key) when it is back to ok', async () => {
    const sink = track(await startPagerDutySink(ROUTING_KEY));
    const channel = createChannel('pagerduty', { routing_key: ROUTING_KEY, api_url: sink.target }, DEPS);
    await channel.send(FIRING);
    expect([...sink.openAlerts.keys()]).toEqual([FIRING.dedupKey]);
    expect(sink.openAlerts.get(FIRING.dedupKey)).toMatchObject({
      event_action: 'trigger',
      payload: { severity: 'error', source: 'shop', summary: expect.stringContaining('73 errors in 5m') },
      links: [{ href: FIRING.groupUrl }, { href: FIRING.ruleUrl }],
    });
    await channel.send(RESOLVED);
    expect(sink.openAlerts.size).toBe(0);
    expect(sink.events.map((event) => [event.event_action, event.dedup_key])).toEqual([
      ['trigger', FIRING.dedupKey],
      ['resolve', FIRING.dedupKey],
    ]);
    expect(sink.problems).toEqual([]);
  });

  it('gives up when PagerDuty answers 400 (here: an unknown routing key)', async () => {
    const sink = track(await startPagerDutySink(ROUTING_KEY));
    const channel = createChannel('pagerduty', { routing_key: 'SOMEOTHERKEY', api_url: sink.target }, DEPS);
    await expect(channel.send(FIRING)).rejects.toMatchObject({
      permanent: true,
      status: 400,
      message: expect.stringContaining('invalid event'),
    });
    expect(sink.accepted).toHaveLength(0);
  });

  it('keeps a path in api_url (a proxy in front of the Events API)', async () => {
    const sink = track(await startPagerDutySink(ROUTING_KEY));
    const channel = createChannel('pagerduty', { routing_key: ROUTING_KEY, api_url: `${sink.target}/pd/` }, DEPS);
    await expect(channel.send(FIRING)).rejects.toMatchObject({ status: 404 });
    expect(sink.requests[0]?.path).toBe('/pd/v2/enqueue');
  });
});
