import { createHash } from 'node:crypto';
import type { StackFrame } from './trace/types';
import { frameFile, groupingFrame, lineToken, namedFunction } from './fingerprint/grouping-frame';
import { normaliseMessage } from './fingerprint/normalise-message';

export { normaliseMessage } from './fingerprint/normalise-message';
export { groupingFrame } from './fingerprint/grouping-frame';

/** 'line' (default): file:line of the grouping frame. 'function': file and function name, so lines shifting above the bug do not split its group. */
export type GroupingStrategy = 'line' | 'function';

export interface FingerprintInput {
  project: string;
  exceptionType: string;
  message: string;
  /** Innermost first. */
  frames: readonly StackFrame[];
  clientFingerprint?: string | readonly string[] | null;
  strategy?: GroupingStrategy;
}

export interface FingerprintResult {
  /** 32 lowercase hex characters. */
  fingerprint: string;
  /** `function (file:line)`, or `file:line` when the frame has no function; null without frames. */
  culprit: string | null;
}

const DEFAULT_PLACEHOLDERS = new Set(['{{ default }}', '{{default}}']);

function md5(text: string): string {
  return createHash('md5').update(text, 'utf8').digest('hex');
}

/** What follows `{project}:` in the default rule's key. */
function defaultKey(input: FingerprintInput, frame: StackFrame | null): string {
  const type = typeof input.exceptionType === 'string' ? input.exceptionType.trim() : '';
  if (frame === null) return `${type}:${normaliseMessage(input.message)}`;
  const file = frameFile(frame);
  if (input.strategy === 'function') {
    const fn = namedFunction(frame);
    if (fn !== null) return `${type}:${file}:${fn}`;
  }
  return `${type}:${file}:${lineToken(frame)}`;
}

function culpritOf(frame: StackFrame | null): string | null {
  if (frame === null) return null;
  const file = frameFile(frame);
  const where = frame.line === null || frame.line === undefined ? file : `${file}:${lineToken(frame)}`;
  const fn = frame.function;
  return fn !== null && fn !== undefined && fn.trim() !== '' ? `${fn.trim()} (${where})` : where;
}

/** The client's fingerprint as one string, `{{ default }}` expanded; null when it gives none. */
function clientKey(client: FingerprintInput['clientFingerprint'], expandDefault: () => string): string | null {
  if (client === null || client === undefined) return null;
  if (typeof client === 'string') {
    if (client.trim() === '') return null;
    return DEFAULT_PLACEHOLDERS.has(client.trim()) ? expandDefault() : client;
  }
  if (!Array.isArray(client) || client.length === 0) return null;
  const parts = (client as readonly unknown[]).map((part) => {
    const s = typeof part === 'string' ? part : String(part);
    return DEFAULT_PLACEHOLDERS.has(s.trim()) ? expandDefault() : s;
  });
  return parts.join(':');
}

/**
 * fingerprint = MD5 of `{project}:{exception_type}:{file}:{line}` for the innermost in-app frame
 * (else the innermost frame); with no frame, the normalised message stands in for file:line.
 * A client fingerprint gives MD5 of `{project}:{fingerprint}` (arrays joined with ':'; the
 * placeholder `{{ default }}` expands to the default key after the project, so `["{{ default }}"]`
 * yields exactly the default fingerprint).
 */
export function computeFingerprint(input: FingerprintInput): FingerprintResult {
  const frames = Array.isArray(input.frames) ? input.frames : [];
  const frame = groupingFrame(frames, typeof input.exceptionType === 'string' ? input.exceptionType.trim() : null);
  const culprit = culpritOf(frame);
  const client = clientKey(input.clientFingerprint, () => defaultKey(input, frame));
  const key = client ?? defaultKey(input, frame);
  return { fingerprint: md5(`${input.project}:${key}`), culprit };
}
