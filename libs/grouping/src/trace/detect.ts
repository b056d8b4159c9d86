import { parseDotnetFrame } from './dotnet';
import { isGoroutineLine } from './go';
import { parseJavaFrame } from './java';
import { parseOperaFrame } from './opera';
import { isPhpErrorLine, parsePhpFrameLine } from './php';
import { parsePythonFrame } from './python';
import { parseRubyLine } from './ruby';
import { indentOf } from './scan';
import { parseGeckoFrame } from './spidermonkey-jsc';
import type { TraceFormat } from './types';
import { parseV8Frame } from './v8';

/** The frame-bearing format of an `at …` line: .NET, Java or V8 all start so. */
function classifyAt(line: string): TraceFormat | null {
  // .NET: `… in C:\x.cs:line 3`; Mono: `… [0x00012] in …`, `(wrapper …)`
  if ((line.includes(' in ') && line.includes(':line ')) || line.includes(' [0x') || line.includes('at (wrapper ')) {
    if (parseDotnetFrame(line) !== null) return 'dotnet';
  }
  const java = parseJavaFrame(line);
  if (java !== null) {
    const t = line.trimEnd();
    const open = t.indexOf('(');
    const inner = t.slice(open + 1, t.indexOf(')', open));
    // Java names a source file (`App.java:3`) or none; .NET lists parameters (`String[] args`) or `()`
    const javaSource = inner.includes('.') && !inner.includes(' ');
    if (javaSource || inner === 'Native Method' || inner.startsWith('Unknown Source') || inner.startsWith('SourceFile')) {
      return 'java';
    }
    if (parseDotnetFrame(line) !== null) return 'dotnet';
  }
  if (parseV8Frame(line) !== null) return 'v8';
  return null;
}

/** `E`rror thrown at, `c`alled from, `L`ine 4 of: how Opera's frames start. */
function mayStartOperaFrame(c: number): boolean {
  return c === 69 || c === 99 || c === 76;
}

function isRubyCandidate(line: string): boolean {
  const i = line.indexOf(':in ');
  return i > 0 && (line.charCodeAt(i + 4) === 96 || line.charCodeAt(i + 4) === 39);
}

/**
 * Decides the format from the first line that only one format would print: a Python `File "…"`
 * line, a goroutine header, a PHP `#0` frame, a Ruby `:in 'm'` frame, an `at …` frame (.NET,
 * Java or V8's shape, which Chakra and Hermes share), an Opera `Error thrown at line …` /
 * `Line 4 of linked script …` frame or an `fn@url:l:c` frame (SpiderMonkey/JSC).
 */
export function detectFormat(lines: readonly string[]): TraceFormat {
  let sawTraceback = false;
  let sawPhpHeader = false;
  for (const line of lines) {
    const i = indentOf(line);
    const c = line.charCodeAt(i);
    if (c === 70 /* F */ && line.startsWith('File "', i)) {
      if (parsePythonFrame(line) !== null) return 'python';
    } else if (c === 103 /* g */ && isGoroutineLine(line)) {
      return 'go';
    } else if (c === 35 /* # */) {
      if (parsePhpFrameLine(line) !== null) return 'php';
    } else if (c === 97 /* a */ && line.startsWith('at ', i)) {
      const f = classifyAt(line);
      if (f !== null) return f;
    } else if (mayStartOperaFrame(c) && parseOperaFrame(line) !== null) {
      return 'opera';
    } else if (c === 43 /* + */ && line.startsWith('+ Exception Group Traceback', i)) {
      return 'python';
    } else if (line.startsWith('Traceback (most recent call last):', i)) {
      sawTraceback = true;
      continue;
    } else if (line.startsWith('PHP ') || line.startsWith('Fatal error: Uncaught ')) {
      sawPhpHeader = true;
    } else if (isPhpErrorLine(line)) {
      return 'php';
    }
    if (isRubyCandidate(line) && parseRubyLine(line) !== null) return 'ruby';
    if ((line.includes('@') || line.includes('://')) && parseGeckoFrame(line) !== null) return 'spidermonkey';
  }
  if (sawPhpHeader) return 'php';
  if (sawTraceback) return 'python';
  return 'unknown';
}
