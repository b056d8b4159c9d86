import { FrameList } from './frame';
import { isPythonInApp } from './in-app';
import { normaliseFile } from './normalise-file';
import { indentOf, isDigit, readTypeHeader, toNumber } from './scan';
import type { ParsedTrace, StackFrame } from './types';

const TRACEBACK_HEADER = 'Traceback (most recent call last):';
const CHAIN_MARKERS = [
  'During handling of the above exception, another exception occurred:',
  'The above exception was the direct cause of the following exception:',
];
const GROUP_HEADER = '+ Exception Group Traceback (most recent call last):';

/** `  File "/x.py", line 3, in <module>`, or without `, in …` for a SyntaxError's location. */
export function parsePythonFrame(raw: string): StackFrame | null {
  // a native search first: most lines of a traceback are source lines and carets, not frames
  const indent = raw.indexOf('File "');
  if (indent < 0 || indentOf(raw) !== indent) return null;
  const marker = raw.lastIndexOf('", line ');
  if (marker < indent + 6) return null;
  const numberStart = marker + 8;
  let numberEnd = numberStart;
  while (numberEnd < raw.length && isDigit(raw.charCodeAt(numberEnd))) numberEnd++;
  const line = toNumber(raw, numberStart, numberEnd);
  if (line === null) return null;
  let fn: string | null = null;
  if (raw.startsWith(', in ', numberEnd)) fn = raw.slice(numberEnd + 5);
  else if (numberEnd !== raw.length) return null;
  const file = normaliseFile(raw.slice(indent + 6, marker));
  return { file, line, column: null, function: fn, in_app: isPythonInApp(file) };
}

/**
 * An exception group's own traceback is drawn with `  | ` margins and its sub-exceptions are
 * nested deeper; keep the group's own lines (unmargined) and drop the sub-exceptions.
 */
function unwrapExceptionGroups(lines: readonly string[]): string[] {
  const out: string[] = [];
  let inGroup = false;
  let inSubExceptions = false;
  for (const line of lines) {
    if (line.startsWith('  ' + GROUP_HEADER)) {
      out.push(TRACEBACK_HEADER);
      inGroup = true;
      inSubExceptions = false;
      continue;
    }
    if (inGroup) {
      if (line.startsWith('  +-')) {
        inSubExceptions = true;
        continue;
      }
      if (!inSubExceptions && line.startsWith('  |')) {
        out.push(line.slice(line.startsWith('  | ') ? 4 : 3));
        continue;
      }
      if (line.startsWith(' ')) continue;
      inGroup = false;
    }
    out.push(line);
  }
  return out;
}

/**
 * Python tracebacks print the innermost frame last. Chained exceptions print one traceback per
 * exception, the last one raised at the end: only that one is parsed.
 */
export function parsePython(input: readonly string[]): ParsedTrace {
  const isGroupHeader = (l: string): boolean => {
    const at = l.indexOf(GROUP_HEADER);
    return at >= 0 && indentOf(l) === at;
  };
  const lines = input.some(isGroupHeader) ? unwrapExceptionGroups(input) : input;
  let start = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] as string;
    // chain markers are unindented sentences: cheap first-character test before comparing
    const c = line.charCodeAt(0);
    if ((c === 68 /* D */ || c === 84) /* T */ && CHAIN_MARKERS.includes(line.trim())) {
      start = i + 1;
      break;
    }
  }
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.includes(TRACEBACK_HEADER) && line.trim() === TRACEBACK_HEADER) {
      start = i + 1;
      break;
    }
  }

  const frames = new FrameList(true);
  let exceptionType: string | null = null;
  let message: string | null = null;
  let sawFrame = false;
  let before: { type: string; message: string } | null = null;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] as string;
    const frame = parsePythonFrame(line);
    if (frame !== null) {
      frames.push(frame);
      sawFrame = true;
      continue;
    }
    // source lines, carets and "[Previous line repeated N more times]" are indented
    if (line === '' || line.charCodeAt(0) === 32 || line.charCodeAt(0) === 9) continue;
    if (!sawFrame && line === TRACEBACK_HEADER) continue;
    const header = readTypeHeader(line);
    if (!sawFrame) {
      // text before the traceback; a bare `ValueError: x` with no frames at all still counts
      if (header !== null && before === null) before = header;
      continue;
    }
    if (header === null) break;
    exceptionType = header.type;
    const more: string[] = [header.message];
    for (let j = i + 1; j < lines.length && (lines[j] as string) !== ''; j++) more.push(lines[j] as string);
    message = more.join('\n').trimEnd();
    break;
  }
  if (!sawFrame && before !== null) {
    exceptionType = before.type;
    message = before.message;
  }
  return { format: 'python', exceptionType, message, frames: frames.innermostFirst() };
}
