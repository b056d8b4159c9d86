import { FrameList } from './frame';
import { isJavaScriptInApp } from './in-app';
import { readJsHeader } from './js-header';
import { normaliseFile } from './normalise-file';
import { isOperaAnonymous, operaName } from './opera';
import { isDigit, splitLocation, toNumber } from './scan';
import type { ParsedTrace, StackFrame } from './types';

interface GeckoParts {
  fn: string | null;
  loc: string;
  /** No `@` at all: Safari's bare `url:line:col`. */
  bare: boolean;
}

/**
 * `fn@loc`, or a bare `loc`. Gecko before Firefox 14 (and Opera 11-12) printed each call's
 * arguments, `bar(1)@url:13`, `()@url:20` (an anonymous function), `(null)@…`, `foo("a@b")@…`: an
 * argument may hold an `@`, so such a frame is cut at its last `)@`. Null for what is not a frame,
 * such as a header `Error: mail to a@b.io failed`.
 */
function splitAtSign(t: string): GeckoParts | null {
  const at = t.indexOf('@');
  if (at < 0) return { fn: null, loc: t, bare: true };
  const head = t.slice(0, at);
  if (head.includes('(')) return splitWithArguments(t);
  if (head.startsWith('Error created at ')) return null; // Opera repeats a frame so after the stack
  if (head.includes(': ') && !isOperaAnonymous(head)) return null;
  return { fn: geckoName(head), loc: t.slice(at + 1), bare: false };
}

function splitWithArguments(t: string): GeckoParts | null {
  const end = t.lastIndexOf(')@');
  if (end < 0) return null;
  const name = t.slice(0, t.indexOf('('));
  // a plain name (`bar`, `App.init`) or Opera's `<anonymous function: run>`, never `Error: x (`
  if (!isOperaAnonymous(name) && (name.includes(' ') || name.includes(':'))) return null;
  return { fn: geckoName(name), loc: t.slice(end + 2), bare: false };
}

/** The printed name, without Firefox's async cause (`async*`) and Opera's wrapping; null when empty. */
function geckoName(head: string): string | null {
  const star = head.lastIndexOf('*');
  const fn = operaName(star >= 0 ? head.slice(star + 1) : head);
  return fn === '' ? null : fn;
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
  const split = splitAtSign(t);
  if (split === null) return null;
  const { fn, loc, bare } = split;
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

/** Opera 11–12's `error.stack` has the Gecko shape with its own anonymous functions. */
const OPERA_MARKERS = ['[arguments not available])@', '<anonymous function'];

type GeckoEngine = 'spidermonkey' | 'jsc' | 'opera';

const ENGINE_MARKERS: readonly [GeckoEngine, readonly string[]][] = [
  ['jsc', JSC_MARKERS],
  ['spidermonkey', SPIDERMONKEY_MARKERS],
  ['opera', OPERA_MARKERS],
];

function whichEngine(lines: readonly string[]): GeckoEngine {
  for (const line of lines) {
    for (const [engine, markers] of ENGINE_MARKERS) {
      for (const m of markers) if (line.includes(m)) return engine;
    }
  }
  return 'spidermonkey';
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
  const format = whichEngine(first < 0 ? lines : lines.slice(0, last));
  return { format, ...header, frames: frames.innermostFirst() };
}
