import { createHash } from 'node:crypto';
import type { PagerDutyConfig } from '@error-tracker/contracts/integrations';
import { clip } from '../email/format';
import type { AlertMessage, AlertSeverity, Channel } from './channel';
import { alertFacts, alertLinks, summaryText } from './alert-text';
import { endpoint, type HttpOptions, jsonRequest, postToService } from './post-to-service';

export const PAGERDUTY_LIMITS = { summary: 1024, dedupKey: 255, source: 255 } as const;

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

const SEVERITIES: Readonly<Record<AlertSeverity, PagerDutySeverity>> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
};

export interface PagerDutyTrigger {
  readonly routing_key: string;
  readonly event_action: 'trigger';
  readonly dedup_key: string;
  readonly payload: {
    readonly summary: string;
    readonly source: string;
    readonly severity: PagerDutySeverity;
    readonly timestamp: string;
    readonly component?: string;
    readonly group?: string;
    readonly class: string;
    readonly custom_details: Record<string, string>;
  };
  readonly client: string;
  readonly client_url?: string;
  readonly links: Array<{ href: string; text: string }>;
}

export interface PagerDutyResolve {
  readonly routing_key: string;
  readonly event_action: 'resolve';
  readonly dedup_key: string;
}

/** PagerDuty takes at most 255 characters; a longer key is replaced by its SHA-256, the same for trigger and resolve. */
export function pagerDutyDedupKey(key: string): string {
  return key.length <= PAGERDUTY_LIMITS.dedupKey ? key : createHash('sha256').update(key).digest('hex');
}

export function pagerDutySeverity(message: AlertMessage): PagerDutySeverity {
  if (message.severity !== undefined) return SEVERITIES[message.severity];
  return message.kind === 'test' ? 'info' : 'error';
}

/** A resolved alert resolves PagerDuty's alert of the same dedup key; everything else triggers one. */
export function pagerDutyEvent(message: AlertMessage, routingKey: string): PagerDutyTrigger | PagerDutyResolve {
  const dedupKey = pagerDutyDedupKey(message.dedupKey);
  if (message.kind === 'resolved') return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey };
  const url = message.ruleUrl ?? message.groupUrl;
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: clip(summaryText(message), PAGERDUTY_LIMITS.summary),
      source: clip(message.project ?? 'error-tracker', PAGERDUTY_LIMITS.source),
      severity: pagerDutySeverity(message),
      timestamp: message.at.toISOString(),
      ...(message.environment === undefined ? {} : { component: message.environment }),
      ...(message.project === undefined ? {} : { group: message.project }),
      class: message.kind,
      custom_details: Object.fromEntries(alertFacts(message)),
    },
    client: 'Error Tracker',
    ...(url === undefined ? {} : { client_url: url }),
    links: alertLinks(message).map((link) => ({ href: link.url, text: link.label })),
  };
}

/** Events API v2: POST {api_url}/v2/enqueue, 202 when accepted; 400 is permanent, 429 and 5xx are retried. */
export function pagerDutyChannel(config: PagerDutyConfig, http: (signal?: AbortSignal) => HttpOptions): Channel {
  const url = endpoint(config.api_url, 'v2/enqueue');
  return {
    name: 'pagerduty',
    send: async (message, signal) => {
      await postToService('pagerduty', jsonRequest(url, pagerDutyEvent(message, config.routing_key)), http(signal));
    },
  };
}
