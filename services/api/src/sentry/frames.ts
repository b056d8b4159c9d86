import { isJavaScriptInApp, isPythonInApp } from '@error-tracker/grouping/trace/in-app';
import { MAX_FRAMES } from '@error-tracker/grouping/trace/limits';
import { normaliseFile } from '@error-tracker/grouping/trace/normalise-file';
import { type StackFrame } from '@error-tracker/grouping/trace/types';
import { LIMITS } from '../ingest/event-schema';
import { type Json, cut, num, obj, str } from './json';

function inAppByPath(file: string, platform: string): boolean {
  if (platform === 'python') return isPythonInApp(file);
  if (platform === 'javascript' || platform === 'node') return isJavaScriptInApp(file);
  return !/node_modules|site-packages|dist-packages/.test(file);
}

const fileOf = (frame: Json): string =>
  normaliseFile(str(frame.abs_path) ?? str(frame.filename) ?? str(frame.module) ?? '<unknown>');

/** A stack's frames as sent (oldest first), each with our in-app verdict. */
function sdkFrames(stacktrace: Json | undefined, platform: string): Array<{ raw: Json; file: string; inApp: boolean }> {
  const raw = (Array.isArray(stacktrace?.frames) ? stacktrace.frames : [])
    .map(obj)
    .filter((frame): frame is Json => frame !== undefined);
  // The SDK's in_app wins, unless it marked every frame in-app: that is no verdict (sentry-python 1.x
  // does so whenever in_app_include is unset, Flask's dist-packages frames included); the path decides then.
  const sdkDecided = raw.some((frame) => frame.in_app === false);
  return raw.map((frame) => {
    const file = fileOf(frame);
    return {
      raw: frame,
      file,
      inApp: sdkDecided && typeof frame.in_app === 'boolean' ? frame.in_app : inAppByPath(file, platform),
    };
  });
}

/** Sentry frames come oldest first; ours are innermost first. */
export function framesOf(stacktrace: Json | undefined, platform: string): StackFrame[] {
  return sdkFrames(stacktrace, platform)
    .reverse()
    .slice(0, MAX_FRAMES)
    .map(({ raw, file, inApp }) => ({
      file,
      line: num(raw.lineno) ?? null,
      column: num(raw.colno) ?? null,
      function: str(raw.function) ?? null,
      in_app: inApp,
    }));
}

export function renderTrace(type: string, value: string, frames: readonly StackFrame[]): string {
  const lines = [value ? `${type}: ${value}` : type];
  for (const frame of frames) {
    const position = [frame.file, frame.line, frame.column].filter((part) => part !== null).join(':');
    lines.push(`    at ${frame.function ?? '<anonymous>'} (${position})`);
  }
  return lines.join('\n');
}

/** Lines as the JSON route takes them: strings only, each cut to its limit, the `keep` nearest the context line. */
function sourceLines(raw: unknown, keep: 'first' | 'last'): string[] {
  const lines = (Array.isArray(raw) ? raw : []).filter((line): line is string => typeof line === 'string');
  const kept = keep === 'first' ? lines.slice(0, LIMITS.sourceLines) : lines.slice(-LIMITS.sourceLines);
  return kept.map((line) => line.slice(0, LIMITS.sourceLine));
}

/** Source lines around the innermost frame that carries them, preferring in-app ones; SDK values that are not lines are dropped. */
export function sourceContextOf(stacktrace: Json | undefined, platform: string): object | null {
  const withSource = sdkFrames(stacktrace, platform).filter(({ raw }) => typeof raw.context_line === 'string');
  const frame = withSource.findLast(({ inApp }) => inApp) ?? withSource[withSource.length - 1];
  if (!frame) return null;
  return {
    file: normaliseFile(str(frame.raw.abs_path) ?? str(frame.raw.filename) ?? '').slice(0, LIMITS.sourceFile),
    line: num(frame.raw.lineno) ?? null,
    context_line: cut(str(frame.raw.context_line), LIMITS.sourceLine) ?? '',
    pre_context: sourceLines(frame.raw.pre_context, 'last'),
    post_context: sourceLines(frame.raw.post_context, 'first'),
  };
}
