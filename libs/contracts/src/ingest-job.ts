import type { JobsOptions } from 'bullmq';
import type { Level } from './db/schema';
import type { StackFrame } from '@error-tracker/grouping/trace/types';

/** One validated, masked event: the payload of a job on the `ingest` queue. */
export interface IngestEvent {
  readonly event_id: string;
  readonly received_at: string;
  readonly client_ip: string | null;
  readonly user_agent: string | null;
  readonly project: string;
  readonly environment: string;
  readonly message: string;
  /** null: taken from the trace's header line by the worker, else `Error`. */
  readonly exception_type: string | null;
  readonly traceback: string | null;
  readonly level: Level;
  readonly source: string;
  readonly timestamp: string;
  readonly release: string | null;
  readonly request_url: string | null;
  readonly request_method: string | null;
  readonly request_headers: Record<string, unknown> | null;
  readonly user_id: string | null;
  readonly extra: Record<string, unknown> | null;
  readonly source_context: unknown;
  /** Client grouping key; replaces the computed fingerprint. */
  readonly fingerprint: string | readonly string[] | null;
  /** Frames an SDK sent already parsed (innermost first); when present the traceback is not parsed. */
  readonly frames?: readonly StackFrame[] | null;
}

/** What the worker answers for a job: POST /api/errors's answer with `Prefer: wait`, before HTTP. */
export type IngestResult =
  | { readonly status: 'created'; readonly fingerprint: string; readonly id: number }
  | { readonly status: 'existing'; readonly fingerprint: string; readonly id: number; readonly count: number };

/**
 * A job carrying one event; its result is the event's IngestResult (what `Prefer: wait` answers).
 * The API queues one only when it waits for that result, so the worker writes it without waiting
 * for its batch to fill (API versions before bundling queued every event so).
 */
export const INGEST_JOB_NAME = 'event';

/**
 * A job carrying the events one API process accepted within a millisecond: one Redis call for many
 * requests. Nobody waits on it, so it has no result.
 */
export const INGEST_BUNDLE_JOB_NAME = 'events';

export interface IngestBundle {
  readonly events: readonly IngestEvent[];
}

/** What a job on the `ingest` queue carries, told apart by the job's name. */
export type IngestJobData = IngestEvent | IngestBundle;

export const INGEST_JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  // Bounded so Redis memory stays flat under sustained load; failed jobs stay a week for inspection.
  removeOnComplete: { count: 1_000, age: 3_600 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

/**
 * A bundle is removed as soon as it is written: its events are in PostgreSQL then and nobody waits
 * on its result, and each finished bundle kept held all its events' data in Redis (up to 1,000 of
 * them, 256 KB each). Failed ones stay a week, as single events' do.
 */
export const INGEST_BUNDLE_JOB_OPTIONS: JobsOptions = { ...INGEST_JOB_OPTIONS, removeOnComplete: true };
