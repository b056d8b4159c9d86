import type { ChannelName } from '@error-tracker/contracts/integrations';

export type { ChannelName } from '@error-tracker/contracts/integrations';

export type AlertKind = 'firing' | 'resolved' | 'new_error' | 'regression' | 'test';
export type AlertSeverity = 'low' | 'medium' | 'high' | 'critical';

/** One notification, as the rule evaluation (or the integrations test route) hands it to a channel. */
export interface AlertMessage {
  readonly kind: AlertKind;
  /** What fired: the rule's name, or the error's type and message. */
  readonly title: string;
  readonly ruleName?: string;
  /** Events counted in the window (threshold rules), or the group's count. */
  readonly count?: number;
  /** The rule's window as written (`5m`, `1h`). */
  readonly windowText?: string;
  readonly threshold?: number;
  readonly project?: string;
  readonly environment?: string;
  /** Absolute links, built by the caller from PUBLIC_URL. */
  readonly groupUrl?: string;
  readonly ruleUrl?: string;
  /** The same for a firing and its resolution (PagerDuty pairs them by it); stable across retries. */
  readonly dedupKey: string;
  readonly severity?: AlertSeverity;
  readonly at: Date;
}

export interface Channel {
  readonly name: ChannelName;
  /** Resolves once the service accepted the message; throws a ChannelError otherwise. */
  send(message: AlertMessage, signal?: AbortSignal): Promise<void>;
}

export interface ChannelErrorDetails {
  /** True when sending the same message again cannot succeed (4xx other than 408/429, a refused address, a bad config). */
  readonly permanent: boolean;
  /** The service's HTTP status (or the SMTP reply code for email); undefined when there was no answer. */
  readonly status?: number;
  /** How long the service asked us to wait (Retry-After), if it did. */
  readonly retryAfterMs?: number;
  readonly cause?: unknown;
}

/** A failed send, classified so the delivery loop knows whether to retry. */
export class ChannelError extends Error {
  readonly permanent: boolean;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;

  constructor(
    readonly channel: ChannelName,
    /** What went wrong, without the channel's name in front. */
    readonly reason: string,
    details: ChannelErrorDetails,
  ) {
    super(`${channel}: ${reason}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ChannelError';
    this.permanent = details.permanent;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}
