import type { ChannelName } from '@error-tracker/contracts/integrations';
import { startDiscordSink } from '../../../../../test/support/channel-sinks/discord-sink';
import { startPagerDutySink } from '../../../../../test/support/channel-sinks/pagerduty-sink';
import type { ServiceSink } from '../../../../../test/support/channel-sinks/request-checks';
import { startSignedWebhookSink } from '../../../../../test/support/channel-sinks/signed-webhook-sink';
import { startSlackSink } from '../../../../../test/support/channel-sinks/slack-sink';
import { startTeamsSink } from '../../../../../test/support/channel-sinks/teams-sink';
import { startTwilioSink } from '../../../../../test/support/channel-sinks/twilio-sink';

export const ROUTING_KEY = 'R0UT1NGKEY0123456789abcdefABCDEF';
export const WEBHOOK_SECRET = 'whsec-0123456789abcdef-local';
export const TWILIO = { sid: 'AC00000000000000000000000000000001', token: 'twilio-auth-token-0001', from: '+15005550006' };

/** Each HTTP channel with its stand-in and the config that points at it. */
export interface HttpChannelCase {
  readonly name: Exclude<ChannelName, 'email'>;
  start(): Promise<ServiceSink>;
  config(target: string): Record<string, unknown>;
}

export const HTTP_CHANNELS: readonly HttpChannelCase[] = [
  { name: 'slack', start: startSlackSink, config: (target) => ({ webhook_url: target }) },
  { name: 'discord', start: startDiscordSink, config: (target) => ({ webhook_url: target }) },
  { name: 'teams', start: startTeamsSink, config: (target) => ({ webhook_url: target }) },
  {
    name: 'pagerduty',
    start: () => startPagerDutySink(ROUTING_KEY),
    config: (target) => ({ routing_key: ROUTING_KEY, api_url: target }),
  },
  {
    name: 'webhook',
    start: () => startSignedWebhookSink(WEBHOOK_SECRET),
    config: (target) => ({ url: target, secret: WEBHOOK_SECRET }),
  },
  {
    name: 'sms',
    start: () => startTwilioSink(TWILIO.sid, TWILIO.token),
    config: (target) => ({
      account_sid: TWILIO.sid,
      auth_token: TWILIO.token,
      from: TWILIO.from,
      to: ['+14155550100'],
      api_url: target,
    }),
  },
];

/** Sinks started by a test, closed after it. */
export function useSinks(): <T extends { close(): Promise<void> }>(sink: T) => T {
  const open: Array<{ close(): Promise<void> }> = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((sink) => sink.close()));
  });
  return (sink) => {
    open.push(sink);
    return sink;
  };
}
