import { computeFingerprint, type GroupingStrategy } from '@error-tracker/grouping/compute-fingerprint';
import { type IngestEvent } from '@error-tracker/contracts/ingest-job';
import { parseTrace } from '@error-tracker/grouping/parse-trace';
import type { PreparedEvent } from './batch-types';

const MAX_EXCEPTION_TYPE = 200;

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
