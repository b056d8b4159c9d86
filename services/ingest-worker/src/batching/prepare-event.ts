import { computeFingerprint, type GroupingStrategy } from '@error-tracker/grouping/compute-fingerprint';
import { type IngestEvent } from '@error-tracker/contracts/ingest-job';
import { parseTrace } from '@error-tracker/grouping/parse-trace';
import { type StoredFrame } from '@error-tracker/contracts/db/schema';

const MAX_EXCEPTION_TYPE = 200;

/** An event with its grouping worked out: what the batch writer needs. */
export interface PreparedEvent {
  readonly event: IngestEvent;
  readonly fingerprint: string;
  readonly exceptionType: string;
  readonly message: string;
  readonly culprit: string | null;
  readonly frames: readonly StoredFrame[];
  readonly timestampMs: number;
}

export function prepareEvent(event: IngestEvent, strategy: GroupingStrategy): PreparedEvent {
  const trace = event.frames ? { exceptionType: null, message: null, frames: [...event.frames] } : parseTrace(event.traceback);
  const exceptionType = (event.exception_type ?? trace.exceptionType ?? 'Error').slice(0, MAX_EXCEPTION_TYPE);
  const message = event.message.trim() === '' && trace.message ? trace.message : event.message;
  const { fingerprint, culprit } = computeFingerprint({
    project: event.project,
    exceptionType,
    message,
    frames: trace.frames,
    clientFingerprint: event.fingerprint,
    strategy,
  });
  return {
    event,
    fingerprint,
    exceptionType,
    message,
    culprit,
    frames: trace.frames,
    timestampMs: Date.parse(event.timestamp),
  };
}
