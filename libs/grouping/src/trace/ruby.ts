import { FrameList } from './frame';
import { isRubyInApp } from './in-app';
import { normaliseFile } from './normalise-file';
import { indentOf, isDigit, readTypeHeader, splitLocation } from './scan';
import type { ParsedTrace, StackFrame } from './types';

interface RubyLine {
  frame: StackFrame;
  /** What follows the method on the first line: `: message (Type)`. */
  tail: string;
  /** Ruby 2.5–2.7 on a terminal numbered the frames and printed them outermost first. */
  numbered: boolean;
}

/**
 * Index of the quote that closes the method label opened at `open` (after `:in `), or -1: `'` for
 * `'Class#m'` (3.4); `'` or a backtick for `` `m' `` (up to 3.3) and `` `m` `` (as some SDK
 * documents write it). A label holds no quote, except the name of Kernel#` itself (`` `\`' ``):
 * the search starts after the first character.
 */
function closingQuote(s: string, open: number): number {
  const quote = s.indexOf("'", open + 2);
  if (s.charCodeAt(open) !== 96) return quote;
  // two one-character searches are faster than a loop over the label
  const tick = s.indexOf('`', open + 2);
  return tick >= 0 && (quote < 0 || tick < quote) ? tick : quote;
}

/** A backtick or a straight quote. */
function isQuote(code: number): boolean {
  return code === 96 || code === 39;
}

/** `file:line:in 'method'` (Ruby 3.4: `'Class#method'`; before: `` `method' ``), `from …`, `file:line`. */
export function parseRubyLine(raw: string): RubyLine | null {
  let s = raw.slice(indentOf(raw));
  let numbered = false;
  let from = false;
  if (s.startsWith('from ')) {
    s = s.slice(5);
    from = true;
  } else if (isDigit(s.charCodeAt(0))) {
    const colon = s.indexOf(': from ');
    if (colon > 0 && colon < 8) {
      s = s.slice(colon + 7);
      numbered = true;
    }
  }
  const inAt = s.indexOf(':in ');
  let loc = s;
  let fn: string | null = null;
  let tail = '';
  if (inAt > 0 && isQuote(s.charCodeAt(inAt + 4))) {
    loc = s.slice(0, inAt);
    const close = closingQuote(s, inAt + 4);
    fn = s.slice(inAt + 5, close < 0 ? s.length : close);
    if (close >= 0) tail = s.slice(close + 1);
  }
  const where = splitLocation(loc);
  if (where.line === null || where.column !== null || where.file === '') return null;
  // a bare `file:line` counts in a `from` line, or when it names a Ruby file
  if (fn === null && !from && !numbered && !where.file.endsWith('.rb') && where.file !== '-e') return null;
  const file = normaliseFile(where.file);
  return { frame: { file, line: where.line, column: null, function: fn, in_app: isRubyInApp(file) }, tail, numbered };
}

/** `message (Type)` as Ruby prints it after the innermost frame. */
function messageAndType(text: string): { type: string | null; message: string } {
  if (text.endsWith(')')) {
    const open = text.lastIndexOf(' (');
    if (open >= 0) {
      const type = text.slice(open + 2, -1);
      const h = readTypeHeader(type);
      if (h !== null && h.type === type) return { type, message: text.slice(0, open) };
    }
  }
  return { type: null, message: text };
}

export function parseRuby(lines: readonly string[]): ParsedTrace {
  const numbered = lines.some((l) => l.includes(': from '));
  const frames = new FrameList(numbered);
  let exceptionType: string | null = null;
  let message: string | null = null;
  let fromTail = false;
  let first = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const r = parseRubyLine(line);
    if (r === null) {
      if (first < 0) {
        const h = readTypeHeader(line);
        if (h !== null && exceptionType === null && line !== 'Traceback (most recent call last):') {
          // an SDK's `Type: message` header line
          exceptionType = h.type;
          message = h.message;
        }
      }
      continue;
    }
    const head = r.tail.startsWith(': ');
    // a second `file:line:in 'm': message (Type)` starts the cause's backtrace (or a thread's
    // report printed again): the raised exception's frames end here
    if (head && fromTail && !numbered) break;
    if (first < 0) first = i;
    frames.push(r.frame);
    if (!fromTail && head) {
      fromTail = true;
      const mt = messageAndType(r.tail.slice(2));
      exceptionType = mt.type ?? exceptionType;
      message = mt.message;
    }
  }
  // the numbered form is outermost first and ends with the innermost frame and the message
  return { format: 'ruby', exceptionType, message, frames: frames.innermostFirst() };
}
