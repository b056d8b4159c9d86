import { FrameList } from './frame';
import { isJavaScriptInApp } from './in-app';
import { readJsHeader } from './js-header';
import { normaliseFile } from './normalise-file';
import { isOperaAnonymous, operaName } from './opera';
import { isDigit, splitLocation, toNumber } from './scan';
import type { ParsedTrace, StackFrame } from './types';

const NOT_A_FRAME = -2;

/**
 * Index of the `@` that ends the function part (`at` is the first `@`, `head` what precedes it): -1
 * without one (Safari's bare `url:line:col`),
 * NOT_A_FRAME for a header such as `Error: mail to a@b.io failed`. Gecko before Firefox 14 (and
 * Opera 11–12) printed each call's arguments, `bar(1)@url:13`, `()@url:20` (an anonymous
 * function), `(null)@…`, `foo("a@b")@…`: an argument may hold an `@`, so such a frame ends at its
 * last `)@`.
 */
function functionEnd(t: string, at: number, head: string): number {
  if (at < 0) return -1;
  if (head.includes('(')) return argumentsEnd(t);
  if (head.includes(': ') && !isOperaAnonymous(head)) return NOT_A_FRAME;
  // Opera repeats a frame after the stack: `Error created at <anonymous function>@…`
  if (head.charCodeAt(0) === 69 /* E */ && head.startsWith('Error created at ')) return NOT_A_FRAME;
  return at;
}

function argumentsEnd(t: string): number {
  const end = t.lastIndexOf(')@');
  if (end < 0) return NOT_A_FRAME;
  const name = t.slice(0, t.indexOf('('));
  // a plain name (`bar`, `App.init`) or Opera's `<anonymous function: run>`, never `Error: x (`
  if (!isOperaAnonymous(name) && (name.includes(' ') || name.includes(':'))) return NOT_A_FRAME;
  return end + 1;
}

/**
 * The printed name without its arguments, Firefox's async cause (`async*`) and Opera's wrapping.
 * Single characters are tested before any search: this runs for every frame.
 */
function geckoName(head: string): string | null {
  const paren = head.charCodeAt(head.length - 1) === 41 /* ) */ ? head.indexOf('(') : -1;
  let name = paren >= 0 ? head.slice(0, paren) : head;
  const star = name.lastIndexOf('*');
  if (star >= 0) name = name.slice(star + 1);
  if (name.charCodeAt(0) === 60 /* < */) name = operaName(name);
  return name === '' ? null : name;
}

/**
 * SpiderMonkey (Firefox) and JavaScriptCore (Safari) both print `fn@url:line:col`, with nothing
 * before `@` for anonymous functions, innermost first and usually without a header line.
 * Firefox: `foo/<@…` (anonymous functions inside foo), `async*foo@…` and `promise callback*foo@…`
 * (async causes, stripped), `@url line 5 > eval:1:7` / `> Function` (eval: like Sentry, the frame
 * is the calling script's url and line, column unknown). Safari: `global code@…`, `eval code@…`,
 * `module code@…`, `forEach@[native code]`, and sometimes a bare `url:line:col`.
 */
export function parseGeckoFrame(raw: string): StackFrame | null {
  const t = raw.trim();
  if (t === '') return null;
  const at = t.indexOf('@');
  const head = at < 0 ? '' : t.slice(0, at);
  const end = functionEnd(t, at, head);
  if (end === NOT_A_FRAME) return null;
  const bare = end < 0;
  const fn = bare ? null : geckoName(end === at ? head : t.slice(0, end));
  const loc = bare ? t : t.slice(end + 1);
  if (loc === '' && fn !== null) {
    // JSC's frames of eval'd code have no location: `inEval@`, `eval code@`
    return { file: '<anonymous>', line: null, column: null, function: fn, in_app: false };
  }
  if (loc === '[native code]') {
    if (fn === null) return null;
    return { file: '[native code]', line: null, column: null, function: fn, in_app: false };
  }
  const evalAt = loc.indexOf(' line ');
  if (evalAt > 0 && loc.includes(' > ', evalAt)) {
    let end = evalAt + 6;
    while (end < loc.length && isDigit(loc.charCodeAt(end))) end++;
    const line = toNumber(loc, evalAt + 6, end);
    if (line !== null) {
      const file = normaliseFile(loc.slice(0, evalAt));
      return { file, line, column: null, function: fn, in_app: isJavaScriptInApp(file) };
    }
  }
  const where = splitLocation(loc);
  if (where.line === null || where.file === '') return null;
  // a bare `url:line:col` needs a column and something that looks like a path or url
  if (bare && (where.column === null || where.file.includes(' ') || !looksLikeUrlOrPath(where.file))) return null;
  const file = normaliseFile(where.file);
  return { file, line: where.line, column: where.column, function: fn, in_app: isJavaScriptInApp(file) };
}

function looksLikeUrlOrPath(s: string): boolean {
  return s.startsWith('/') || s.includes('://') || s.startsWith('blob:') || s.startsWith('webpack');
}

// frames only one engine prints, then messages only one engine words so
const JSC_MARKERS = [
  '@[native code]',
  'global code@',
  'eval code@',
  'module code@',
  "Can't find variable: ",
  'is not an object (evaluating ',
  "is not a function. (In '",
  'JSON Parse error: ',
  'Maximum call stack size exceeded.',
];
const SPIDERMONKEY_MARKERS = [
  ' > eval',
  ' > Function',
  '/<@',
  'async*',
  'promise callback*',
  '@debugger eval code',
  "can't access property ",
  'too much recursion',
  'JSON.parse: ',
];

/** Opera 11–12's `error.stack` has the Gecko shape; its first frame shows whose it is. */
function isOperaFrame(line: string): boolean {
  return line.includes('[arguments not available])@') || line.startsWith('<anonymous function');
}

/** `first`: the first frame's line, or -1. */
function whichEngine(lines: readonly string[], first: number): 'spidermonkey' | 'jsc' | 'opera' {
  for (const line of lines) {
    for (const m of JSC_MARKERS) if (line.includes(m)) return 'jsc';
    for (const m of SPIDERMONKEY_MARKERS) if (line.includes(m)) return 'spidermonkey';
  }
  return first >= 0 && isOperaFrame((lines[first] as string).trimStart()) ? 'opera' : 'spidermonkey';
}

export function parseSpiderMonkeyOrJsc(lines: readonly string[]): ParsedTrace {
  const frames = new FrameList();
  let first = -1;
  let last = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const frame = parseGeckoFrame(line);
    if (frame === null) {
      // old Gecko's `@:0`, a call from native code, carries nothing but does not end the stack
      if (line.endsWith('@:0')) continue;
      if (first >= 0) {
        last = i;
        break;
      }
      continue;
    }
    if (first < 0) first = i;
    frames.push(frame);
  }
  const header = readJsHeader(lines, 0, first < 0 ? lines.length : first);
  const format = whichEngine(first < 0 ? lines : lines.slice(0, last), first);
  return { format, ...header, frames: frames.innermostFirst() };
}
