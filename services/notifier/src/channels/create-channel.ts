import { type ChannelName, checkIntegrationConfig, type IntegrationConfig } from '@error-tracker/contracts/integrations';
import type { MailSender } from '@error-tracker/runtime/mail/mail-sender';
import { type Channel, ChannelError } from './channel';
import { resolveWithDns, type ResolveHost } from './destination-guard';
import { discordChannel } from './discord-channel';
import { emailChannel } from './email-channel';
import { pagerDutyChannel } from './pagerduty-channel';
import type { HttpOptions } from './post-to-service';
import { slackChannel } from './slack-channel';
import { smsChannel } from './sms-channel';
import { teamsChannel } from './teams-channel';
import { webhookChannel } from './webhook-channel';

/** Upper bound of one HTTP request to a service, unless the deps say otherwise. */
export const HTTP_TIMEOUT_MS = 10_000;

export interface ChannelDeps {
  /** ALLOW_PRIVATE_WEBHOOKS: let HTTP channels reach private, loopback, link-local and reserved addresses. */
  readonly allowPrivate: boolean;
  /** The transport (SMTP or Postmark) the email channel sends through; without one, email fails permanently. */
  readonly mail?: MailSender;
  readonly timeoutMs?: number;
  /** Host name resolution for the destination check; dns.lookup unless a test replaces it. */
  readonly resolve?: ResolveHost;
}

/**
 * The channel for an integration's stored config. The config is validated again here (it comes from
 * the database as JSON): an invalid one throws a permanent ChannelError.
 */
export function createChannel(name: ChannelName, config: unknown, deps: ChannelDeps): Channel {
  const http = (signal?: AbortSignal): HttpOptions => ({
    allowPrivate: deps.allowPrivate,
    resolve: deps.resolve ?? resolveWithDns,
    timeoutMs: deps.timeoutMs ?? HTTP_TIMEOUT_MS,
    ...(signal === undefined ? {} : { signal }),
  });
  switch (name) {
    case 'email':
      return emailChannel(parsed(name, config), deps.mail);
    case 'slack':
      return slackChannel(parsed(name, config), http);
    case 'discord':
      return discordChannel(parsed(name, config), http);
    case 'teams':
      return teamsChannel(parsed(name, config), http);
    case 'pagerduty':
      return pagerDutyChannel(parsed(name, config), http);
    case 'webhook':
      return webhookChannel(parsed(name, config), http);
    case 'sms':
      return smsChannel(parsed(name, config), http);
  }
}

function parsed<N extends ChannelName>(name: N, config: unknown): IntegrationConfig<N> {
  const check = checkIntegrationConfig(name, config);
  if (check.ok) return check.config;
  throw new ChannelError(name, `invalid config: ${check.problems.join('; ')}`, { permanent: true });
}
