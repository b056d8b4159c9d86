import { FrameList } from './frame';
import { isJavaScriptInApp } from './in-app';
import { readJsHeader } from './js-header';
import { normaliseFile, withoutMetroQuery } from './normalise-file';
import { indentOf, splitLocation, type Location } from './scan';
import type { ParsedTrace, StackFrame, TraceFormat } from './types';

/** Hermes's bytecode locations: `at fn (address at index.android.bundle:1:452701)`. */
const BYTECODE = 'address at ';

/**
 * V8 (Chrome, Edge, Node, Deno, Bun): `    at fn (location)` or `    at location`, innermost first.
 * Locations: `file:line:col`, `<anonymous>`, `native`, `index 0` (Promise.all), and for eval
 * `eval at fn (origin:line:col), <anonymous>:l:c` where, as Sentry does, the origin (the script
 * that called eval) is the frame's file so eval'd code is attributed to real source.
 * Chakra (IE 10–11, Edge before 79) indents by three spaces and names `Anonymous function` and
 * `Global code`; Hermes (React Native) names top-level code `global` and async bodies `?anon_0_…`,
 * and prints bytecode locations as `address at index.android.bundle:1:452701` (line 1, the
 * column a bytecode offset).
 */
export function parseV8Frame(raw: string): StackFrame | null {
  const indent = indentOf(raw);
  if (!raw.startsWith('at ', indent)) return null;
  let rest = raw.slice(indent + 3).trim();
  // Node's util.inspect of an error with extra properties ends the last frame with ` {`
  if (rest.endsWith(' {')) rest = rest.slice(0, -2).trimEnd();
  if (rest.startsWith('async ') && rest.charCodeAt(6) !== 40 /* ( */) rest = rest.slice(6);

  let fn: string | null = null;
  let loc = rest;
  let parenthesised = false;
  if (rest.endsWith(')')) {
    const open = rest.startsWith('(') ? 0 : rest.indexOf(' (');
    if (open >= 0) {
      parenthesised = true;
      fn = open === 0 ? null : rest.slice(0, open);
      loc = rest.slice(open === 0 ? 1 : open + 2, -1);
    }
  }
  if (loc.charCodeAt(0) === 97 /* a */ && loc.startsWith(BYTECODE)) loc = loc.slice(BYTECODE.length);

  let where: Location;
  if (loc.startsWith('eval at ')) {
    where = evalOrigin(loc);
  } else {
    where = splitLocation(loc);
    // without parentheses only a real location makes a frame (not "at least 3 items...")
    if (!parenthesised && where.line === null && loc !== '<anonymous>' && loc !== 'native') {
      return null;
    }
  }
  if (fn !== null && fn.startsWith('async ')) fn = fn.slice(6);
  const file = normaliseFile(where.file.charCodeAt(0) === 104 /* h */ ? withoutMetroQuery(where.file) : where.file);
  return { file, line: where.line, column: where.column, function: fn === '' ? null : fn, in_app: isJavaScriptInApp(file) };
}

/** A function name only Chakra (`Anonymous function`, `Global code`) or Hermes prints. */
function engineOfName(fn: string): 'chakra' | 'hermes' | null {
  // the first character (A, G; g, ?) before any comparison
  const c = fn.charCodeAt(0);
  if ((c === 65 || c === 71) && (fn === 'Anonymous function' || fn === 'Global code')) return 'chakra';
  if ((c === 103 || c === 63) && (fn === 'global' || fn.startsWith('?anon_'))) return 'hermes';
  return null;
}

/**
 * V8, Chakra and Hermes print one shape; what only one of them prints names it, decided once the
 * frames are read (not per frame: the common V8 trace pays a few comparisons). Hermes prints
 * bytecode addresses in all of a release build's frames: its first and last frames are enough.
 */
function whichEngine(lines: readonly string[], first: number, last: number, frames: readonly StackFrame[]): TraceFormat {
  if (first < 0) return 'v8';
  if ((lines[first] as string).includes(`(${BYTECODE}`) || (lines[last] as string).includes(`(${BYTECODE}`)) return 'hermes';
  if (indentOf(lines[first] as string) === 3) return 'chakra';
  for (const f of frames) {
    const engine = f.function === null ? null : engineOfName(f.function);
    if (engine !== null) return engine;
  }
  return 'v8';
}

/** The first parenthesised `(file:line:col)` group without spaces: the outermost script's location. */
function evalOrigin(loc: string): Location {
  let open = -1;
  let spaceSinceOpen = false;
  for (let i = 0; i < loc.length; i++) {
    const c = loc.charCodeAt(i);
    if (c === 40) {
      open = i;
      spaceSinceOpen = false;
    } else if (c === 32) {
      spaceSinceOpen = true;
    } else if (c === 41 && open >= 0 && !spaceSinceOpen) {
      const where = splitLocation(loc.slice(open + 1, i));
      if (where.line !== null) return where;
      open = -1;
    }
  }
  const comma = loc.lastIndexOf(', ');
  return splitLocation(comma >= 0 ? loc.slice(comma + 2) : loc);
}

/** Node elides frames shared with the cause (`... 5 lines matching cause stack trace ...`). */
function isNodeElision(line: string): boolean {
  return line.endsWith('...') && line.trimStart().startsWith('... ');
}

/** Hermes leaves out the middle of a deep stack: `    ... skipping 74795 frames`. */
function isHermesElision(line: string): boolean {
  return line.endsWith(' frames') && line.trimStart().startsWith('... skipping ');
}

export function parseV8(lines: readonly string[]): ParsedTrace {
  const frames = new FrameList();
  let first = -1;
  let last = -1;
  let hermesElision = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const frame = parseV8Frame(line);
    if (frame !== null) {
      if (first < 0) first = i;
      last = i;
      frames.push(frame);
    } else if (first >= 0 && isHermesElision(line)) {
      hermesElision = true;
    } else if (first >= 0 && !isNodeElision(line)) {
      break; // the stack ended: what follows (causes, `Node.js v20`) is not ours
    }
  }
  const header = readJsHeader(lines, 0, first < 0 ? lines.length : first);
  const format = hermesElision ? 'hermes' : whichEngine(lines, first, last, frames.frames);
  return { format, ...header, frames: frames.innermostFirst() };
}
