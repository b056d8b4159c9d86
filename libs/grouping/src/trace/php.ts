import { FrameList } from './frame';
import { isPhpInApp } from './in-app';
import { normaliseFile } from './normalise-file';
import { indentOf, isDigit, readTypeHeader, splitLocation, toNumber } from './scan';
import type { ParsedTrace, StackFrame } from './types';

interface PhpFrameLine {
  file: string;
  line: number | null;
  /** The function called at that location (`App\Foo->bar`, `{closure}`, `{main}`). */
  call: string;
}

/** `#0 /app/x.php(12): App\Foo->bar('x')`, `#1 [internal function]: App\{closure}(1)`, `#2 {main}`. */
export function parsePhpFrameLine(raw: string): PhpFrameLine | null {
  const indent = indentOf(raw);
  if (raw.charCodeAt(indent) !== 35 /* # */) return null;
  let i = indent + 1;
  while (i < raw.length && isDigit(raw.charCodeAt(i))) i++;
  if (i === indent + 1 || raw.charCodeAt(i) !== 32) return null;
  const rest = raw.slice(i + 1);
  if (rest === '{main}') return { file: '', line: null, call: '{main}' };
  let file: string;
  let line: number | null = null;
  let callStart: number;
  if (rest.startsWith('[internal function]: ')) {
    file = '[internal function]';
    callStart = 21;
  } else {
    const sep = rest.indexOf('): ');
    if (sep < 0) return null;
    const open = rest.lastIndexOf('(', sep);
    if (open <= 0) return null;
    line = toNumber(rest, open + 1, sep);
    if (line === null) return null;
    file = rest.slice(0, open);
    callStart = sep + 3;
  }
  const call = rest.slice(callStart);
  const paren = call.indexOf('(');
  return { file, line, call: paren > 0 ? call.slice(0, paren) : call };
}

/** `Type: message in /app/x.php:12` → type, message, file, line (the throw site). */
function readPhpHeader(text: string): { type: string; message: string; file: string | null; line: number | null } | null {
  let s = text;
  for (const p of ['PHP Fatal error:  Uncaught ', 'Fatal error: Uncaught ', 'PHP Fatal error: Uncaught ', 'Next ']) {
    if (s.startsWith(p)) {
      s = s.slice(p.length);
      break;
    }
  }
  const h = readTypeHeader(s);
  if (h === null) return null;
  const inAt = h.message.lastIndexOf(' in ');
  if (inAt >= 0) {
    const where = splitLocation(h.message.slice(inAt + 4));
    if (where.line !== null && where.column === null) {
      return { type: h.type, message: h.message.slice(0, inAt), file: where.file, line: where.line };
    }
  }
  return { type: h.type, message: h.message, file: null, line: null };
}

const ERROR_LEVELS = ['Warning', 'Notice', 'Deprecated', 'Fatal error', 'Parse error', 'Recoverable fatal error'];

/** `PHP Warning:  message in /app/x.php on line 3` (also Notice, Deprecated, Parse error …). */
function readPhpError(raw: string): ParsedTrace | null {
  const s = raw.startsWith('PHP ') ? raw.slice(4) : raw;
  const level = ERROR_LEVELS.find((l) => s.startsWith(l + ': '));
  if (level === undefined) return null;
  const onLine = s.lastIndexOf(' on line ');
  const inAt = onLine < 0 ? -1 : s.lastIndexOf(' in ', onLine);
  if (inAt < 0) return null;
  const line = toNumber(s, onLine + 9, s.length);
  if (line === null || !/^\d+$/.test(s.slice(onLine + 9))) return null;
  const file = normaliseFile(s.slice(inAt + 4, onLine));
  const frame: StackFrame = { file, line, column: null, function: null, in_app: isPhpInApp(file) };
  return { format: 'php', exceptionType: level, message: s.slice(level.length + 2, inAt).trim(), frames: [frame] };
}

/** `PHP Warning:  … in /x.php on line 3`, `Parse error: … on line 3` */
export function isPhpErrorLine(line: string): boolean {
  return readPhpError(line) !== null;
}

/**
 * PHP prints each frame as the place a function was called from, so frame #0's location is in the
 * function of #1. Like Sentry's PHP SDK, frames are rebuilt so each location carries the function
 * it is in: the innermost frame is the throw site from the header (`in file:line`) in #0's callee.
 * With `Next` (chained) exceptions the last one is the thrown, outermost one, and is grouped.
 */
export function parsePhp(lines: readonly string[]): ParsedTrace {
  // the last header line starts the block to parse
  let blockStart = -1;
  let header: ReturnType<typeof readPhpHeader> = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.charCodeAt(0) === 35 || line.charCodeAt(0) === 32) continue;
    const h = readPhpHeader(line);
    if (h !== null && (h.file !== null || (lines[i + 1] ?? '') === 'Stack trace:')) {
      header = h;
      blockStart = i;
    }
  }
  if (header === null) {
    for (const line of lines) {
      const e = readPhpError(line);
      if (e !== null) return e;
    }
  }
  const parsed: PhpFrameLine[] = [];
  let started = false;
  for (let i = blockStart + 1; i < lines.length; i++) {
    const f = parsePhpFrameLine(lines[i] as string);
    if (f === null) {
      if (started) break;
      continue;
    }
    started = true;
    parsed.push(f);
    if (parsed.length > 100_000) break;
  }
  const frames = new FrameList();
  const push = (file: string, line: number | null, fn: string | null): void => {
    const f = normaliseFile(file);
    frames.push({ file: f, line, column: null, function: fn, in_app: isPhpInApp(f) });
  };
  if (header !== null && header.file !== null) push(header.file, header.line, parsed[0]?.call ?? null);
  for (let k = 0; k < parsed.length; k++) {
    const f = parsed[k] as PhpFrameLine;
    if (f.call === '{main}' && f.file === '') break;
    push(f.file, f.line, parsed[k + 1]?.call ?? null);
  }
  return {
    format: 'php',
    exceptionType: header?.type ?? null,
    message: header?.message ?? null,
    frames: frames.innermostFirst(),
  };
}
