import { FrameList } from './frame';
import { isJavaInApp } from './in-app';
import { indentOf, readTypeHeader, splitLocation } from './scan';
import type { ParsedTrace, StackFrame } from './types';

const NO_SOURCE = new Set(['Unknown Source', 'Native Method', 'SourceFile', 'Unknown', '']);

/**
 * `at [module/]pkg.Class.method(File.java:42)` (Java, Kotlin, Scala, Android), with `Native Method`
 * or `Unknown Source` instead of a file, and logback's ` ~[app.jar:1.0]` after it.
 * Java prints only a file name, so the frame's file is the package path plus that name
 * (`com/example/App.java`), which tells apart same-named files of different packages; without a
 * source file it is the class name.
 */
export function parseJavaFrame(raw: string): StackFrame | null {
  const indent = indentOf(raw);
  if (!raw.startsWith('at ', indent)) return null;
  const rest = raw.slice(indent + 3);
  const open = rest.indexOf('(');
  if (open <= 0) return null;
  const close = rest.indexOf(')', open);
  if (close < 0) return null;
  const after = rest.slice(close + 1).trim();
  if (after !== '' && !after.startsWith('~[') && !after.startsWith('[')) return null;
  const qualified = rest.slice(0, open);
  if (qualified.includes(' ')) return null;
  const slash = qualified.lastIndexOf('/');
  const name = qualified.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const cls = dot > 0 ? name.slice(0, dot) : name;
  const where = splitLocation(rest.slice(open + 1, close));
  let file: string;
  if (NO_SOURCE.has(where.file) || !where.file.includes('.')) {
    file = cls;
  } else {
    const pkgEnd = cls.lastIndexOf('.');
    file = pkgEnd > 0 ? cls.slice(0, pkgEnd).replaceAll('.', '/') + '/' + where.file : where.file;
  }
  return { file, line: where.line, column: null, function: name, in_app: isJavaInApp(qualified) };
}

const THREAD_PREFIX = 'Exception in thread "';

/** A Java header names a qualified class (`java.lang.X`) or at least one ending in Exception/Error. */
function readJavaHeader(line: string): { type: string; message: string } | null {
  let s = line;
  if (s.startsWith(THREAD_PREFIX)) {
    const q = s.indexOf('" ', THREAD_PREFIX.length);
    if (q < 0) return null;
    s = s.slice(q + 2);
  }
  const h = readTypeHeader(s);
  if (h === null) return null;
  if (h.type.includes('.') || /(?:Exception|Error|Throwable)$/.test(h.type)) return h;
  return null;
}

/**
 * Java prints the thrown exception first, then each cause (`Caused by: …`, root cause last).
 * Like Sentry, which titles a JVM issue after the top-level exception, the thrown one is grouped:
 * its type and its frames; causes and suppressed exceptions are not parsed.
 */
export function parseJava(lines: readonly string[]): ParsedTrace {
  const frames = new FrameList();
  let header: { type: string; message: string } | null = null;
  const messageLines: string[] = [];
  let started = false;
  for (const line of lines) {
    const frame = parseJavaFrame(line);
    if (frame !== null) {
      started = true;
      frames.push(frame);
      continue;
    }
    if (started) break; // `Caused by:`, `Suppressed:`, `... 3 more`
    if (header === null) {
      header = readJavaHeader(line);
    } else {
      messageLines.push(line);
    }
  }
  let message: string | null = null;
  if (header !== null) message = [header.message, ...messageLines].join('\n').trimEnd();
  return { format: 'java', exceptionType: header?.type ?? null, message, frames: frames.innermostFirst() };
}
