import { FrameList } from './frame';
import { isJavaScriptInApp } from './in-app';
import { readJsHeader } from './js-header';
import { normaliseFile } from './normalise-file';
import { isDigit, toNumber } from './scan';
import type { ParsedTrace, StackFrame } from './types';

const ANONYMOUS = '<anonymous function';
const STORED_AS = '<anonymous function: ';

/** Opera's `<anonymous function>`, or `<anonymous function: run>` for one stored as `run`. */
export function isOperaAnonymous(name: string): boolean {
  return name.startsWith(ANONYMOUS) && name.endsWith('>');
}

/** `<anonymous function: run>` → `run` (the name V8 would infer); any other name as printed. */
export function operaName(name: string): string {
  return name.startsWith(STORED_AS) && name.endsWith('>') ? name.slice(STORED_AS.length, -1) : name;
}

/** The run of digits at s[start…] as a number, and where it ends; null without digits. */
function readNumber(s: string, start: number): { value: number; end: number } | null {
  let end = start;
  while (end < s.length && isDigit(s.charCodeAt(end))) end++;
  const value = toNumber(s, start, end);
  return value === null ? null : { value, end };
}

function jsFrame(rawFile: string, line: number, column: number | null, fn: string | null): StackFrame {
  const file = rawFile === '' ? '<unknown>' : normaliseFile(rawFile);
  return { file, line, column, function: fn === '' ? null : fn, in_app: isJavaScriptInApp(file) };
}

/** Where `line N, column M in …` starts: after `Error thrown at ` or `called [via …] from `. */
function carakanStart(t: string): number {
  if (t.startsWith('Error thrown at ')) return 16;
  if (!t.startsWith('called ')) return -1;
  const from = t.indexOf(' from line ');
  return from < 0 ? -1 : from + 6;
}

/**
 * Opera 10.5–12 (Carakan), `error.stacktrace`:
 * `Error thrown at line 42, column 12 in <anonymous function: create>() in http://x/a.js:`, then
 * `called from line 27, column 8 in run(ex) in http://x/a.js:` (or `called via
 * Function.prototype.apply() from line …`, `called as bound function from line …`); top-level
 * code names no function: `called from line 15, column 3 in http://x/a.js:`.
 */
function parseCarakanFrame(t: string): StackFrame | null {
  const start = carakanStart(t);
  if (start < 0 || !t.startsWith('line ', start)) return null;
  const line = readNumber(t, start + 5);
  if (line === null || !t.startsWith(', column ', line.end)) return null;
  const column = readNumber(t, line.end + 9);
  if (column === null || !t.startsWith(' in ', column.end)) return null;
  const rest = t.slice(column.end + 4, t.endsWith(':') ? -1 : t.length);
  // `fn(args) in url`; an argument list may hold anything, a url no space
  const call = rest.lastIndexOf(') in ');
  if (call < 0) return jsFrame(rest, line.value, column.value, null);
  const open = rest.indexOf('(');
  const name = open < 0 || open > call ? '' : operaName(rest.slice(0, open));
  return jsFrame(rest.slice(call + 5), line.value, column.value, name);
}

/**
 * Opera 7–10 (Linear B), the message's `Backtrace:` and `error.stacktrace`: `Line 42 of linked
 * script http://x/a.js`, `Line 4 of inline#1 script in http://x/p.html: In function bar`; a line
 * number only. Opera 9.6 starts its stacktrace with `...  Line 27 of …`.
 */
function parseLinearBFrame(raw: string): StackFrame | null {
  const t = raw.startsWith('... ') ? raw.slice(4).trimStart() : raw;
  if (!t.startsWith('Line ')) return null;
  const line = readNumber(t, 5);
  if (line === null || !t.startsWith(' of ', line.end)) return null;
  const script = t.indexOf(' script', line.end + 4);
  if (script < 0) return null;
  let where = t.slice(script + 7);
  let fn: string | null = null;
  const inFunction = where.indexOf(': In function ');
  if (inFunction >= 0) {
    fn = where.slice(inFunction + 14);
    where = where.slice(0, inFunction);
  }
  where = where.startsWith(' in ') ? where.slice(4) : where.trimStart();
  return jsFrame(where, line.value, null, fn);
}

/** A frame of either Opera stacktrace form, or null. */
export function parseOperaFrame(raw: string): StackFrame | null {
  const t = raw.trim();
  return parseCarakanFrame(t) ?? parseLinearBFrame(t);
}

/** Opera lists where the error was created, or first raised, after the stack: not parsed. */
function isSecondStack(line: string): boolean {
  return line.startsWith('Error created at ') || line.startsWith('Error initially occurred at ');
}

/**
 * Opera's own forms, innermost first, each frame followed by its source line (skipped). A
 * message before them is read as a JavaScript header; Linear B's `Backtrace:` line is not part of it.
 */
export function parseOpera(lines: readonly string[]): ParsedTrace {
  const frames = new FrameList();
  let first = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (first >= 0 && isSecondStack(line)) break;
    const frame = parseOperaFrame(line);
    if (frame === null) continue;
    if (first < 0) first = i;
    frames.push(frame);
  }
  let end = first < 0 ? lines.length : first;
  if (end > 0 && lines[end - 1] === 'Backtrace:') end--;
  return { format: 'opera', ...readJsHeader(lines, 0, end), frames: frames.innermostFirst() };
}
