import { computeFingerprint, type GroupingStrategy } from '@error-tracker/grouping/compute-fingerprint';
import { type IngestEvent } from '@error-tracker/contracts/ingest-job';
import { parseTrace } from '@error-tracker/grouping/parse-trace';
import type { StoredFrame } from '@error-tracker/contracts/db/schema';
import type { PreparedEvent } from './batch-types';

const MAX_EXCEPTION_TYPE = 200;

const traceOf = (event: IngestEvent) =>
  event.frames ? { exceptionType: null, message: null, frames: [...event.frames] } : parseTrace(event.traceback);

/** The frames stored with a group its event creates: parsed again then, as few events create one. */
export const framesOf = (event: IngestEvent): StoredFrame[] => traceOf(event).frames;

/**
 * Works out an event's group. Its frames are not kept: a batch's events live through a young-
 * generation collection or two while they are written, and every object they hold is copied each time.
 */
export function prepareEvent(event: IngestEvent, strategy: GroupingStrategy): PreparedEvent {
  const trace = traceOf(event);
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
    timestampMs: Date.parse(event.timestamp),
  };
}
