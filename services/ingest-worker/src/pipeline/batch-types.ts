import type { OutboxKind } from '@error-tracker/contracts/db/schema';
import type { IngestEvent, IngestResult } from '@error-tracker/contracts/ingest-job';

/** prepare → write: an event with its grouping worked out. */
export interface PreparedEvent {
  readonly event: IngestEvent;
  readonly fingerprint: string;
  readonly exceptionType: string;
  readonly message: string;
  readonly culprit: string | null;
  readonly timestampMs: number;
}

/** write → publish: an outbox row committed with the batch, announcing a created or reopened group. */
export interface OutboxEntry {
  readonly id: number;
  readonly error_id: number;
  readonly event_id: string;
  readonly kind: OutboxKind;
}

/** What one batch transaction did. */
export interface BatchOutcome {
  /** One result per input event, in input order. */
  readonly results: IngestResult[];
  /** Outbox rows written by the transaction, to publish once it has committed. */
  readonly outbox: OutboxEntry[];
  /** Events skipped because an earlier delivery already counted them. */
  readonly duplicates: number;
}
