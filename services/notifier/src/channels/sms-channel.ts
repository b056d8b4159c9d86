import type { SmsConfig } from '@error-tracker/contracts/integrations';
import { clip, oneLine } from '../email/format';
import { type AlertMessage, type Channel, ChannelError } from './channel';
import { summaryText } from './alert-text';
import { endpoint, type HttpOptions, postToService, type ServiceRequest, USER_AGENT } from './post-to-service';

/** Twilio splits longer bodies into segments up to this many characters, and refuses beyond. */
export const SMS_BODY_MAX = 1600;

/** `[Error Tracker] <summary>` and one link (the group's, else the rule's), never cut. */
export function smsBody(message: AlertMessage): string {
  const link = message.groupUrl ?? message.ruleUrl;
  const tail = link === undefined || link.length > SMS_BODY_MAX / 2 ? '' : `\n${link}`;
  return `${clip(oneLine(`[Error Tracker] ${summaryText(message)}`, SMS_BODY_MAX), SMS_BODY_MAX - tail.length)}${tail}`;
}

/** Twilio's Messages resource: form-encoded To, From and Body, HTTP basic auth with the account SID and auth token. */
export function smsRequest(config: SmsConfig, to: string, body: string): ServiceRequest {
  const credentials = Buffer.from(`${config.account_sid}:${config.auth_token}`).toString('base64');
  return {
    url: endpoint(config.api_url, `2010-04-01/Accounts/${encodeURIComponent(config.account_sid)}/Messages.json`),
    headers: {
      Authorization: `Basic ${credentials}`,
      'Content-Type': 'application/x-www-form-urlencoded',
      Accept: 'application/json',
      'User-Agent': USER_AGENT,
    },
    body: new URLSearchParams({ To: to, From: config.from, Body: body }).toString(),
  };
}

/**
 * One request per number. Every number is tried even when one fails; the error then names the
 * failed ones and is permanent only if every failure is (a retry sends to all numbers again).
 */
export function smsChannel(config: SmsConfig, http: (signal?: AbortSignal) => HttpOptions): Channel {
  return {
    name: 'sms',
    send: async (message, signal) => {
      const body = smsBody(message);
      const failures: Array<{ to: string; error: ChannelError }> = [];
      for (const to of config.to) {
        try {
          await postToService('sms', smsRequest(config, to, body), http(signal));
        } catch (error) {
          if (!(error instanceof ChannelError)) throw error;
          failures.push({ to, error });
        }
      }
      if (failures.length > 0) throw combined(failures, config.to.length);
    },
  };
}

function combined(failures: ReadonlyArray<{ to: string; error: ChannelError }>, numbers: number): ChannelError {
  const waits = failures.flatMap(({ error }) => (error.retryAfterMs === undefined ? [] : [error.retryAfterMs]));
  const reasons = failures.map(({ to, error }) => `${to}: ${error.reason}`).join('; ');
  return new ChannelError('sms', `${failures.length} of ${numbers} numbers failed (${reasons})`, {
    permanent: failures.every(({ error }) => error.permanent),
    status: failures[0]?.error.status,
    retryAfterMs: waits.length === 0 ? undefined : Math.max(...waits),
    cause: failures.map(({ error }) => error),
  });
}
