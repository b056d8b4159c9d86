import type { IngestEvent } from '@error-tracker/contracts/ingest-job';
import type { StackFrame } from '@error-tracker/grouping/trace/types';
import { HttpProblem } from '../http/problem';
import { cutJson, cutText } from './cut-json';

/** The most one queued event may take, serialised: what Redis stores and a worker parses and holds. */
export const MAX_EVENT_JOB_BYTES = 1024 * 1024;

/**
 * Serialised characters each free-text or context field keeps; past it the field is cut with a
 * marker rather than the event refused. Their sum (with the validated fields) is far below
 * MAX_EVENT_JOB_BYTES, so only text that escapes to several times its length can still be refused.
 */
export const FIELD_BUDGETS = {
  traceback: 65_536,
  extra: 65_536,
  frames: 65_536,
  source_context: 32_768,
  request_headers: 16_384,
} as const;

/** Events that serialise within this cannot have a field over its budget: nothing to cut. */
const UNCUT_CHARS = Math.min(...Object.values(FIELD_BUDGETS));

export const eventTooLarge = (bytes: number): HttpProblem =>
  new HttpProblem({
    status: 413,
    title: 'Content Too Large',
    detail: `the event takes ${bytes} bytes once its fields are cut to their limits; at most ${MAX_EVENT_JOB_BYTES} bytes are queued per event`,
  });

function serialised(event: IngestEvent): string | undefined {
  try {
    return JSON.stringify(event);
  } catch {
    // Nested too deep for JSON.stringify: the cut below bounds the depth.
    return undefined;
  }
}

/** Characters a frame's file or function keeps. */
const FRAME_TEXT = 1_000;

/** Frames are grouping input, so they stay frames: long names are cut, and the outermost ones dropped past the budget. */
function cutFrames(frames: readonly StackFrame[], budget: number): StackFrame[] {
  const kept: StackFrame[] = [];
  let left = budget;
  for (const frame of frames) {
    const file = frame.file.slice(0, FRAME_TEXT);
    const fn = frame.function?.slice(0, FRAME_TEXT) ?? null;
    left -= file.length + (fn?.length ?? 0) + 80;
    if (left < 0 && kept.length > 0) break;
    kept.push({ ...frame, file, function: fn });
  }
  return kept;
}

function cutFields(event: IngestEvent): IngestEvent {
  const json = <T>(value: T, budget: number): T =>
    value === null || value === undefined ? value : (cutJson(value, budget) as T);
  return {
    ...event,
    traceback: event.traceback === null ? null : cutText(event.traceback, FIELD_BUDGETS.traceback),
    extra: json(event.extra, FIELD_BUDGETS.extra),
    request_headers: json(event.request_headers, FIELD_BUDGETS.request_headers),
    source_context: json(event.source_context, FIELD_BUDGETS.source_context),
    frames: event.frames ? cutFrames(event.frames, FIELD_BUDGETS.frames) : event.frames,
  };
}

/** An event as it may be queued, with the characters it takes serialised (what a bundle counts). */
export interface FittedEvent {
  readonly event: IngestEvent;
  readonly chars: number;
}

/**
 * The event as it may be queued: small events untouched, large fields cut to FIELD_BUDGETS;
 * throws a 413 problem when even then it would take more than MAX_EVENT_JOB_BYTES.
 */
export function fitEvent(event: IngestEvent): FittedEvent {
  const whole = serialised(event);
  if (whole !== undefined && whole.length <= UNCUT_CHARS) return { event, chars: whole.length };
  const cut = cutFields(event);
  const json = JSON.stringify(cut);
  const bytes = Buffer.byteLength(json);
  if (bytes > MAX_EVENT_JOB_BYTES) throw eventTooLarge(bytes);
  return { event: cut, chars: json.length };
}
