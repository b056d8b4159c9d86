import { FrameList } from './frame';
import { isDotnetInApp } from './in-app';
import { normaliseFile } from './normalise-file';
import { indentOf, isDigit, readTypeHeader, splitLocation, toNumber } from './scan';
import type { ParsedTrace, StackFrame } from './types';

const UNHANDLED_PREFIXES = ['Unhandled exception. ', 'Unhandled Exception: ', 'Unhandled exception: '];
const INNER_END = '--- End of inner exception stack trace ---';

/** ` in C:\src\File.cs:line 42` (also localised: `:Zeile 42`, `:ligne 42`) → path and line. */
function dotnetSource(s: string): { file: string; line: number | null } | null {
  let end = s.length;
  const start = end;
  while (end > 0 && isDigit(s.charCodeAt(end - 1))) end--;
  if (end === start || s.charCodeAt(end - 1) !== 32) return null;
  const colon = s.lastIndexOf(':', end - 1);
  // a word (`line`) between the colon and the number
  if (colon < 0 || end - colon > 20 || s.slice(colon + 1, end - 1).includes(' ')) return null;
  return { file: s.slice(0, colon), line: toNumber(s, end, start) };
}

/**
 * `at Ns.Type.Method(args) in path:line N` (.NET), or Mono's
 * `at Ns.Type.Method (args) [0x00012] in /path/File.cs:42` / `in <filename unknown>:0`.
 * Frames without a source file (no pdb) get the declaring type as file, like Java's.
 */
export function parseDotnetFrame(raw: string): StackFrame | null {
  const indent = indentOf(raw);
  if (!raw.startsWith('at ', indent)) return null;
  let rest = raw.slice(indent + 3).trim();
  if (rest.startsWith('(wrapper ')) {
    const close = rest.indexOf(') ');
    if (close < 0) return null;
    rest = rest.slice(close + 2);
  }
  const open = rest.indexOf('(');
  if (open <= 0) return null;
  const qualified = rest.slice(0, open).trimEnd();
  if (qualified.includes(' ')) return null;
  let file = '';
  let line: number | null = null;
  const inAt = rest.lastIndexOf(' in ');
  if (inAt > open) {
    const src = rest.slice(inAt + 4);
    const net = dotnetSource(src);
    if (net !== null) {
      file = net.file;
      line = net.line;
    } else {
      const mono = splitLocation(src);
      file = mono.file;
      line = mono.line === 0 ? null : mono.line;
    }
  }
  if (file.startsWith('<') && file.endsWith('>')) file = ''; // Mono's <filename unknown> / <module id>
  const dot = qualified.lastIndexOf('.');
  const type = dot > 0 ? qualified.slice(0, dot) : qualified;
  const normalised = file === '' ? type : normaliseFile(file);
  return {
    file: normalised,
    line: file === '' ? null : line,
    column: null,
    function: qualified,
    in_app: isDotnetInApp(normalised, qualified),
  };
}

/**
 * .NET prints the thrown exception's header (`Type: message`, then ` ---> Inner: message` for
 * each inner exception), then the innermost inner exception's frames, `--- End of inner exception
 * stack trace ---`, and so on out to the thrown exception's own frames, which come last. The thrown
 * (outermost) exception is grouped, as for Java.
 */
export function parseDotnet(lines: readonly string[]): ParsedTrace {
  let frames = new FrameList();
  let header: { type: string; message: string } | null = null;
  const messageLines: string[] = [];
  let started = false;
  let innerStarted = false;
  for (const line of lines) {
    const t = line.trim();
    if (t === INNER_END) {
      frames = new FrameList();
      continue;
    }
    if (t.startsWith('--- End of stack trace from previous location')) continue;
    const frame = parseDotnetFrame(line);
    if (frame !== null) {
      started = true;
      frames.push(frame);
      continue;
    }
    if (started) {
      if (t === '') continue;
      break; // Mono repeats the whole trace after `[ERROR] FATAL UNHANDLED EXCEPTION:`
    }
    if (header === null) {
      let s = t;
      for (const p of UNHANDLED_PREFIXES) if (s.startsWith(p)) s = s.slice(p.length);
      const h = readTypeHeader(s);
      if (h !== null) {
        const inner = h.message.indexOf(' ---> ');
        header = inner >= 0 ? { type: h.type, message: h.message.slice(0, inner) } : h;
        if (inner >= 0) innerStarted = true;
      }
      continue;
    }
    if (t.startsWith('---> ')) innerStarted = true;
    if (!innerStarted) messageLines.push(line);
  }
  let message: string | null = null;
  if (header !== null) message = [header.message, ...messageLines].join('\n').trimEnd();
  return { format: 'dotnet', exceptionType: header?.type ?? null, message, frames: frames.innermostFirst() };
}
