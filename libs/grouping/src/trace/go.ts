import { FrameList } from './frame';
import { isGoInApp } from './in-app';
import { normaliseFile } from './normalise-file';
import { splitLocation } from './scan';
import type { ParsedTrace } from './types';

/** `goroutine 1 [running]:` (newer Go may add `gp=… m=…` before the bracket). */
export function isGoroutineLine(line: string): boolean {
  return line.startsWith('goroutine ') && line.endsWith(']:') && line.charCodeAt(10) >= 48 && line.charCodeAt(10) <= 57;
}

/** `main.(*T).m(0xc000010000, {0x4b7e20, 0x5})` → `main.(*T).m`; `created by main.main in goroutine 1` → `main.main`. */
function goFunction(line: string): string {
  let s = line.trim();
  if (s.startsWith('created by ')) {
    s = s.slice(11);
    const inG = s.indexOf(' in goroutine ');
    return inG >= 0 ? s.slice(0, inG) : s;
  }
  if (!s.endsWith(')')) return s;
  let depth = 0;
  for (let i = s.length - 1; i >= 0; i--) {
    const c = s.charCodeAt(i);
    if (c === 41) depth++;
    else if (c === 40 && --depth === 0) return s.slice(0, i);
  }
  return s;
}

/** `\t/app/main.go:12 +0x1d` (also with ` fp=… sp=… pc=…`) → file and line. */
function goLocation(line: string): { file: string; line: number | null } {
  let s = line.trim();
  const offset = s.indexOf(' +0x');
  if (offset >= 0) s = s.slice(0, offset);
  const fp = s.indexOf(' fp=');
  if (fp >= 0) s = s.slice(0, fp);
  const where = splitLocation(s);
  return { file: where.file, line: where.line };
}

/**
 * Go panics: `panic: message` then the panicking goroutine, innermost first, each frame a function
 * line and a tab-indented `file:line +0xNN` line. Only the first goroutine is read. Go has no
 * exception classes: the type is `panic`, `runtime.Error` for runtime errors (index out of range,
 * nil dereference…), or `fatal error`. With re-panics the last `panic:` line is the message.
 */
export function parseGo(lines: readonly string[]): ParsedTrace {
  let exceptionType: string | null = null;
  let message: string | null = null;
  let i = 0;
  for (; i < lines.length; i++) {
    const line = lines[i] as string;
    if (isGoroutineLine(line)) break;
    const t = line.trim();
    let text: string | null = null;
    if (t.startsWith('panic: ')) {
      text = t.slice(7);
      exceptionType = 'panic';
    } else if (t.startsWith('fatal error: ')) {
      text = t.slice(13);
      exceptionType = 'fatal error';
    }
    if (text !== null) {
      if (text.endsWith(' [recovered]')) text = text.slice(0, -12);
      if (exceptionType === 'panic' && text.startsWith('runtime error: ')) exceptionType = 'runtime.Error';
      message = text;
    }
  }
  const frames = new FrameList();
  for (i++; i < lines.length; i++) {
    const fnLine = lines[i] as string;
    if (fnLine.trim() === '' || isGoroutineLine(fnLine)) break;
    const locLine = lines[i + 1];
    if (locLine === undefined || !(locLine.startsWith('\t') || locLine.startsWith('        '))) continue;
    i++;
    const fn = goFunction(fnLine);
    const loc = goLocation(locLine);
    const file = normaliseFile(loc.file);
    frames.push({ file, line: loc.line, column: null, function: fn, in_app: isGoInApp(file, fn) });
  }
  return { format: 'go', exceptionType, message, frames: frames.innermostFirst() };
}
