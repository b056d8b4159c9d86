import { readTypeHeader } from './scan';

export interface TypeAndMessage {
  exceptionType: string | null;
  message: string | null;
}

// browsers' consoles; Deno prints `error: Uncaught (in promise) …`
const UNCAUGHT_PREFIXES = ['error: Uncaught (in promise) ', 'error: Uncaught ', 'Uncaught (in promise) ', 'Uncaught '];

/**
 * Finds `Type: message` among the lines printed before the first frame. Node's uncaught-error
 * prologue (`/app/x.js:3`, the source line and a caret) comes first and is skipped since it never
 * reads as a type header; browsers' consoles prefix `Uncaught `. Later lines continue the message.
 */
export function readJsHeader(lines: readonly string[], start: number, end: number): TypeAndMessage {
  for (let i = start; i < end; i++) {
    let line = lines[i] as string;
    for (const prefix of UNCAUGHT_PREFIXES) {
      if (line.startsWith(prefix)) {
        line = line.slice(prefix.length);
        break;
      }
    }
    const header = readTypeHeader(line);
    if (header === null) continue;
    const rest = lines.slice(i + 1, end);
    const message = [header.message, ...rest].join('\n').trimEnd();
    return { exceptionType: header.type, message };
  }
  const text = lines.slice(start, end).join('\n').trim();
  return { exceptionType: null, message: text === '' ? null : text };
}
