import { FrameList } from './frame';
import { isJavaScriptInApp } from './in-app';
import { readJsHeader } from './js-header';
import { normaliseFile } from './normalise-file';
import { isDigit, splitLocation, toNumber } from './scan';
import type { ParsedTrace, StackFrame } from './types';

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
  let fn: string | null = null;
  let loc = t;
  if (at >= 0) {
    fn = t.slice(0, at);
    loc = t.slice(at + 1);
    if (fn.includes(': ') || fn.includes('(')) return null; // a header such as `Error: a@b`
    const star = fn.lastIndexOf('*');
    if (star >= 0) fn = fn.slice(star + 1);
    if (fn === '') fn = null;
  }
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
  if (at < 0 && (where.column === null || where.file.includes(' ') || !looksLikeUrlOrPath(where.file))) return null;
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

function whichEngine(lines: readonly string[]): 'spidermonkey' | 'jsc' {
  for (const line of lines) {
    for (const m of JSC_MARKERS) if (line.includes(m)) return 'jsc';
    for (const m of SPIDERMONKEY_MARKERS) if (line.includes(m)) return 'spidermonkey';
  }
  return 'spidermonkey';
}

export function parseSpiderMonkeyOrJsc(lines: readonly string[]): ParsedTrace {
  const frames = new FrameList();
  let first = -1;
  let last = lines.length;
  for (let i = 0; i < lines.length; i++) {
    const frame = parseGeckoFrame(lines[i] as string);
    if (frame === null) {
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
