import type { Config } from '@error-tracker/runtime/config/load-config';

/** Timings of the notifier; the defaults suit production, tests shorten them. */
export interface NotifierTiming {
  /** An entry pending this long with any consumer (a dead notifier's, or our own) is claimed. */
  readonly claimIdleMs: number;
  /** How long a claimed alert is ours; renewed before every attempt, so it covers one backoff plus one send. */
  readonly leaseMs: number;
  readonly retryBaseMs: number;
  readonly retryMaxMs: number;
  /** Permanent refusals (SMTP 5xx, Postmark 4xx) are tried this often, then the alert is recorded as failed. */
  readonly permanentAttempts: number;
  /** Storm guard's sliding window: more than ALERT_DIGEST_THRESHOLD alerts within it overflow into a digest. */
  readonly stormWindowMs: number;
  readonly digestFlushIntervalMs: number;
  readonly readBlockMs: number;
  readonly readCount: number;
  /** Upper bound of one send attempt (SMTP socket timeouts, Postmark request). */
  readonly sendTimeoutMs: number;
  /** Threshold rules are evaluated this often (by one notifier at a time). */
  readonly ruleEvaluationIntervalMs: number;
  /** Queued rule deliveries are looked for this often. */
  readonly deliveryIntervalMs: number;
}

export function notifierTiming(config: Config, overrides: Partial<NotifierTiming> = {}): NotifierTiming {
  const claimIdleMs = overrides.claimIdleMs ?? config.notifierClaimIdleMs;
  return {
    claimIdleMs,
    leaseMs: 180_000,
    retryBaseMs: 1_000,
    retryMaxMs: 60_000,
    permanentAttempts: 3,
    stormWindowMs: 60_000,
    digestFlushIntervalMs: 5_000,
    readBlockMs: Math.min(5_000, Math.max(100, Math.floor(claimIdleMs / 2))),
    readCount: 50,
    sendTimeoutMs: 20_000,
    ruleEvaluationIntervalMs: config.alertEvaluationIntervalMs,
    deliveryIntervalMs: 1_000,
    ...overrides,
  };
}

/** How often a notifier looks for entries left pending by others. */
export function claimIntervalMs(timing: NotifierTiming): number {
  return Math.min(30_000, Math.max(100, Math.floor(timing.claimIdleMs / 2)));
}
