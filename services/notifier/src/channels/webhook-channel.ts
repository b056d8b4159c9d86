import { createHash } from 'node:crypto';
import type { WebhookConfig } from '@error-tracker/contracts/integrations';
import type { AlertKind, AlertMessage, AlertSeverity, Channel } from './channel';
import { summaryText } from './alert-text';
import { type HttpOptions, jsonRequest, postToService } from './post-to-service';
import { SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './webhook-signature';

/** The JSON a webhook receives; absent values are null so that every body has the same keys. */
export interface WebhookBody {
  readonly version: 1;
  /** The same on every retry of one notification: receivers drop repeats by it (delivery is at least once). */
  readonly id: string;
  readonly kind: AlertKind;
  readonly title: string;
  readonly summary: string;
  readonly rule_name: string | null;
  readonly count: number | null;
  readonly window: string | null;
  readonly threshold: number | null;
  readonly project: string | null;
  readonly environment: string | null;
  readonly severity: AlertSeverity | null;
  readonly group_url: string | null;
  readonly rule_url: string | null;
  readonly dedup_key: string;
  readonly at: string;
}

export function webhookBody(message: AlertMessage): WebhookBody {
  const at = message.at.toISOString();
  return {
    version: 1,
    id: createHash('sha256').update(`${message.kind}\n${message.dedupKey}\n${at}`).digest('hex').slice(0, 32),
    kind: message.kind,
    title: message.title,
    summary: summaryText(message),
    rule_name: message.ruleName ?? null,
    count: message.count ?? null,
    window: message.windowText ?? null,
    threshold: message.threshold ?? null,
    project: message.project ?? null,
    environment: message.environment ?? null,
    severity: message.severity ?? null,
    group_url: message.groupUrl ?? null,
    rule_url: message.ruleUrl ?? null,
    dedup_key: message.dedupKey,
    at,
  };
}

/** Signed JSON: each attempt carries its own timestamp, so a retry still passes the receiver's tolerance check. */
export function webhookChannel(
  config: WebhookConfig,
  http: (signal?: AbortSignal) => HttpOptions,
  now: () => number = Date.now,
): Channel {
  return {
    name: 'webhook',
    send: async (message, signal) => {
      const body = webhookBody(message);
      const request = jsonRequest(config.url, body);
      const timestamp = Math.floor(now() / 1000);
      const headers = {
        ...request.headers,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(config.secret, timestamp, request.body),
        'X-Error-Tracker-Event': message.kind,
        'X-Error-Tracker-Delivery': body.id,
      };
      await postToService('webhook', { ...request, headers }, http(signal));
    },
  };
}
