import { detectFormat } from './detect';
import { parseDotnet } from './dotnet';
import { parseGo } from './go';
import { parseJava } from './java';
import { toLines } from './lines';
import { parsePhp } from './php';
import { parsePython } from './python';
import { parseRuby } from './ruby';
import { readTypeHeader } from './scan';
import { parseSpiderMonkeyOrJsc } from './spidermonkey-jsc';
import type { ParsedTrace, TraceFormat } from './types';
import { parseV8 } from './v8';

export type { ParsedTrace, StackFrame, TraceFormat } from './types';
export { MAX_FRAMES, MAX_LINES } from './limits';
export { normaliseFile } from './normalise-file';
export { isJavaScriptInApp, isPythonInApp } from './in-app';

function parseUnknown(lines: readonly string[]): ParsedTrace {
  const first = lines.find((l) => l.trim() !== '');
  const header = first === undefined ? null : readTypeHeader(first.trim());
  return {
    format: 'unknown',
    exceptionType: header?.type ?? null,
    message: header === null ? null : header.message,
    frames: [],
  };
}

function parseAs(format: TraceFormat, lines: readonly string[]): ParsedTrace {
  switch (format) {
    case 'python':
      return parsePython(lines);
    case 'v8':
      return parseV8(lines);
    case 'spidermonkey':
    case 'jsc':
      return parseSpiderMonkeyOrJsc(lines);
    case 'ruby':
      return parseRuby(lines);
    case 'java':
      return parseJava(lines);
    case 'go':
      return parseGo(lines);
    case 'dotnet':
      return parseDotnet(lines);
    case 'php':
      return parsePhp(lines);
    default:
      return parseUnknown(lines);
  }
}

/**
 * Parses a stack trace of any supported runtime into the grouped exception's type, message and
 * frames (innermost first). Never throws: unknown or malformed input gives format 'unknown' and
 * no frames.
 */
export function parseTrace(trace: string | readonly string[] | null | undefined): ParsedTrace {
  try {
    if (trace === null || trace === undefined) return { format: 'unknown', exceptionType: null, message: null, frames: [] };
    if (typeof trace !== 'string' && !Array.isArray(trace)) {
      return { format: 'unknown', exceptionType: null, message: null, frames: [] };
    }
    const lines = toLines(trace);
    return parseAs(detectFormat(lines), lines);
  } catch {
    return { format: 'unknown', exceptionType: null, message: null, frames: [] };
  }
}
