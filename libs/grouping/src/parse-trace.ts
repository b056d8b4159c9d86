import { detectFormat } from './trace/detect';
import { parseDotnet } from './trace/dotnet';
import { parseGo } from './trace/go';
import { parseJava } from './trace/java';
import { toLines } from './trace/lines';
import { parseOpera } from './trace/opera';
import { parsePhp } from './trace/php';
import { parsePython } from './trace/python';
import { parseRuby } from './trace/ruby';
import { readTypeHeader } from './trace/scan';
import { parseSpiderMonkeyOrJsc } from './trace/spidermonkey-jsc';
import type { ParsedTrace, TraceFormat } from './trace/types';
import { parseV8 } from './trace/v8';

export type { ParsedTrace, StackFrame, TraceFormat } from './trace/types';
export { MAX_FRAMES, MAX_LINES } from './trace/limits';
export { normaliseFile } from './trace/normalise-file';
export { isJavaScriptInApp, isPythonInApp } from './trace/in-app';

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
    case 'chakra':
    case 'hermes':
      return parseV8(lines);
    case 'spidermonkey':
    case 'jsc':
      return parseSpiderMonkeyOrJsc(lines);
    case 'opera':
      return parseOpera(lines);
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
