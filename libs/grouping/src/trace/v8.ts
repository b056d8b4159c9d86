import { FrameList } from './frame';
import { isJavaScriptInApp } from './in-app';
import { readJsHeader } from './js-header';
import { normaliseFile } from './normalise-file';
import { indentOf, splitLocation, type Location } from './scan';
import type { ParsedTrace, StackFrame } from './types';

/** What the frames told of the engine that printed them: all three print V8's shape. */
interface Engine {
  chakra: boolean;
  hermes: boolean;
}

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
  return readV8Frame(raw, { chakra: false, hermes: false });
}

function readV8Frame(raw: string, engine: Engine): StackFrame | null {
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
  if (loc.startsWith('address at ')) {
    engine.hermes = true;
    loc = loc.slice(11);
  }

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
  noteEngine(engine, indent, fn);
  const file = normaliseFile(where.file);
  return { file, line: where.line, column: where.column, function: fn === '' ? null : fn, in_app: isJavaScriptInApp(file) };
}

function noteEngine(engine: Engine, indent: number, fn: string | null): void {
  if (indent === 3 || fn === 'Anonymous function' || fn === 'Global code') engine.chakra = true;
  else if (fn === 'global' || (fn !== null && fn.startsWith('?anon_'))) engine.hermes = true;
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
  const engine: Engine = { chakra: false, hermes: false };
  let first = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const frame = readV8Frame(line, engine);
    if (frame !== null) {
      if (first < 0) first = i;
      frames.push(frame);
    } else if (first >= 0 && isHermesElision(line)) {
      engine.hermes = true;
    } else if (first >= 0 && !isNodeElision(line)) {
      break; // the stack ended: what follows (causes, `Node.js v20`) is not ours
    }
  }
  const header = readJsHeader(lines, 0, first < 0 ? lines.length : first);
  const format = engine.hermes ? 'hermes' : engine.chakra ? 'chakra' : 'v8';
  return { format, ...header, frames: frames.innermostFirst() };
}
