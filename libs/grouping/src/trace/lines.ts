import { MAX_LINES } from './limits';

// eslint-disable-next-line no-control-regex
const ANSI_ESCAPE = /\u001b\[[0-9;?]*[A-Za-z]/g;
const LINE_BREAK = /\r\n|\r|\n/;

/** Turns a trace (one string, or an array of lines as some SDKs send) into trimmed-right lines. */
export function toLines(trace: string | readonly unknown[]): string[] {
  let text: string;
  if (typeof trace === 'string') {
    text = trace;
  } else {
    const parts: string[] = [];
    for (const item of trace) {
      if (typeof item === 'string') parts.push(item);
      else if (typeof item === 'number' || typeof item === 'boolean') parts.push(String(item));
      else if (item !== null && item !== undefined) parts.push(JSON.stringify(item) ?? '');
    }
    text = parts.join('\n');
  }
  if (text.includes('\u001b')) text = text.replace(ANSI_ESCAPE, '');
  // A string separator splits far faster than a regex; most traces have no carriage returns.
  let lines = text.includes('\r') ? text.split(LINE_BREAK) : text.split('\n');
  if (lines.length > MAX_LINES) {
    const half = MAX_LINES / 2;
    lines = lines.slice(0, half).concat(lines.slice(lines.length - half));
  }
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i] as string;
    const last = l.charCodeAt(l.length - 1);
    if (last === 32 || last === 9) lines[i] = l.trimEnd();
  }
  return lines;
}
