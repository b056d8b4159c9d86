import { MAX_NUMBER_DIGITS } from './limits';

/** Small string-scanning helpers: linear, no backtracking. */

export function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** Index of the first character of the run of digits that ends at `end` (exclusive). */
export function digitsStart(s: string, end: number): number {
  let i = end;
  while (i > 0 && isDigit(s.charCodeAt(i - 1))) i--;
  return i;
}

/** Parses s[start, end) as a line/column number; null when empty or absurdly long. */
export function toNumber(s: string, start: number, end: number): number | null {
  if (end <= start || end - start > MAX_NUMBER_DIGITS) return null;
  let n = 0;
  for (let i = start; i < end; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

export interface Location {
  file: string;
  line: number | null;
  column: number | null;
}

/** Splits `file:line:column` or `file:line` (scanning from the end); otherwise the whole is the file. */
export function splitLocation(loc: string): Location {
  const end = loc.length;
  const a = digitsStart(loc, end);
  if (a === end || a === 0 || loc.charCodeAt(a - 1) !== 58 /* : */) {
    return { file: loc, line: null, column: null };
  }
  const last = toNumber(loc, a, end);
  const b = digitsStart(loc, a - 1);
  if (b < a - 1 && b > 0 && loc.charCodeAt(b - 1) === 58) {
    const first = toNumber(loc, b, a - 1);
    if (first !== null && last !== null) return { file: loc.slice(0, b - 1), line: first, column: last };
  }
  if (last === null) return { file: loc, line: null, column: null };
  return { file: loc.slice(0, a - 1), line: last, column: null };
}

/** Index of the first non-space/tab character. */
export function indentOf(s: string): number {
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 9) break;
    i++;
  }
  return i;
}

function isTypeStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36 || c === 92;
}

function isTypeChar(c: number): boolean {
  // letters, digits, _ $ . \ (PHP namespaces) + (.NET nested types) ` (generic arity)
  return isTypeStart(c) || isDigit(c) || c === 46 || c === 43 || c === 96;
}

const MAX_TYPE_LENGTH = 300;

export interface Header {
  type: string;
  message: string;
}

/**
 * Reads `Type: message`, `Type` alone, or `Type [CODE]: message` (Node) at s[start...].
 * Type names may be dotted (Java, Python), use `::` (Ruby) or `\` (PHP).
 * Returns null when the text does not start with such a type.
 */
export function readTypeHeader(s: string, start = 0): Header | null {
  if (start >= s.length || !isTypeStart(s.charCodeAt(start))) return null;
  let i = start + 1;
  const limit = Math.min(s.length, start + MAX_TYPE_LENGTH);
  while (i < limit) {
    const c = s.charCodeAt(i);
    if (isTypeChar(c)) {
      i++;
    } else if (c === 58 && s.charCodeAt(i + 1) === 58 && i + 2 < s.length && isTypeStart(s.charCodeAt(i + 2))) {
      i += 2; // Ruby's Foo::Bar
    } else {
      break;
    }
  }
  const type = s.slice(start, i);
  if (type.endsWith('.') || type.endsWith('\\')) return null;
  if (i === s.length) return { type, message: '' };
  // Node's `TypeError [ERR_X]: message`
  if (s.charCodeAt(i) === 32 && s.charCodeAt(i + 1) === 91 /* [ */) {
    const close = s.indexOf(']', i + 2);
    if (close > 0 && close - i < 100 && s.charCodeAt(close + 1) === 58) i = close + 1;
  }
  if (s.charCodeAt(i) !== 58) return null;
  const next = s.charCodeAt(i + 1);
  if (i + 1 === s.length) return { type, message: '' };
  if (next !== 32 && next !== 9) return null;
  return { type, message: s.slice(i + 2) };
}
