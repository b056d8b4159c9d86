/**
 * What one delivery says, stored with it when it is queued (by the notifier's evaluator, its
 * new-error rules, or the API's test send) and rendered per channel when it is sent.
 */
export interface AlertPayload {
  readonly event: 'firing' | 'resolved' | 'new_error' | 'regression' | 'test';
  /** One line: what happened. */
  readonly title: string;
  readonly rule?: { readonly id: number; readonly name: string; readonly condition: string; readonly url: string };
  readonly count?: number;
  readonly threshold?: number;
  /** `5m`, `1h`. */
  readonly window?: string;
  readonly project?: string | null;
  readonly environment?: string | null;
  readonly group?: {
    readonly id: number;
    readonly exception_type: string;
    readonly message: string;
    readonly culprit: string | null;
  };
  /** The dashboard page of the group (new errors, regressions) or of the rule (threshold rules). */
  readonly url?: string;
  /** Same for a firing and its resolution (PagerDuty pairs them by it). */
  readonly dedup_key: string;
  readonly severity?: 'low' | 'medium' | 'high' | 'critical';
  /** Extra recipients of the email channel (a rule's own). */
  readonly recipients?: readonly string[];
  readonly at: string;
}
