import type { AlertPayload } from '@error-tracker/contracts/alert-channels';
import type { Db } from '@error-tracker/contracts/db/schema';
import { CHANNEL_NAMES, type ChannelName } from '@error-tracker/contracts/integrations';
import type { MailSender } from '@error-tracker/runtime/mail/mail-sender';
import { type AlertMessage, ChannelError } from '../channels/channel';
import { createChannel } from '../channels/create-channel';

export interface ChannelDirectoryOptions {
  readonly allowPrivate: boolean;
  readonly mail: MailSender | undefined;
  /** ALERT_EMAILS: the email channel's recipients when no email integration is configured. */
  readonly alertEmails: readonly string[];
}

const isChannel = (name: string): name is ChannelName => (CHANNEL_NAMES as readonly string[]).includes(name);

/** What a queued delivery says, as the channels take it. */
export function toAlertMessage(payload: AlertPayload): AlertMessage {
  return {
    kind: payload.event,
    title: payload.title,
    ...(payload.rule === undefined ? {} : { ruleName: payload.rule.name, ruleUrl: payload.rule.url }),
    ...(payload.group === undefined ? {} : { groupUrl: payload.url }),
    ...(payload.count === undefined ? {} : { count: payload.count }),
    ...(payload.window === undefined ? {} : { windowText: payload.window }),
    ...(payload.threshold === undefined ? {} : { threshold: payload.threshold }),
    ...(payload.project ? { project: payload.project } : {}),
    ...(payload.environment ? { environment: payload.environment } : {}),
    dedupKey: payload.dedup_key,
    ...(payload.severity === undefined ? {} : { severity: payload.severity }),
    at: new Date(payload.at),
  };
}

/** Sends a delivery through the channel its integration configures (read at send time: a fixed config applies at once). */
export class ChannelDirectory {
  constructor(
    private readonly db: Db,
    private readonly options: ChannelDirectoryOptions,
  ) {}

  async send(name: string, payload: AlertPayload, signal?: AbortSignal): Promise<void> {
    if (!isChannel(name)) throw new Error(`unknown channel ${name}`);
    const row = await this.db.selectFrom('integrations').select('config').where('name', '=', name).executeTakeFirst();
    const config = name === 'email' ? this.emailConfig(row?.config, payload) : row?.config;
    if (config === undefined)
      throw new ChannelError(name, `${name} is not configured (PUT /api/settings/integrations/${name})`, { permanent: true });
    await createChannel(name, config, {
      allowPrivate: this.options.allowPrivate,
      ...(this.options.mail ? { mail: this.options.mail } : {}),
    }).send(toAlertMessage(payload), signal);
  }

  /** The email integration's recipients (else ALERT_EMAILS), and the rule's own. */
  private emailConfig(stored: Record<string, unknown> | undefined, payload: AlertPayload) {
    const configured = Array.isArray(stored?.recipients)
      ? stored.recipients.filter((r): r is string => typeof r === 'string')
      : [...this.options.alertEmails];
    return { recipients: [...new Set([...configured, ...(payload.recipients ?? [])])] };
  }
}
