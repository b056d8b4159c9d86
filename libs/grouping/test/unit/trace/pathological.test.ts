import { computeFingerprint } from '@error-tracker/grouping/compute-fingerprint';
import { MAX_FRAMES } from '@error-tracker/grouping/trace/limits';
import { parseTrace } from '@error-tracker/grouping/parse-trace';
import type { ParsedTrace } from '@error-tracker/grouping/trace/types';

/**
 * Hostile input must parse in linear time. The bound is deliberately generous (a linear parse takes
 * milliseconds; a quadratic one takes minutes): it guards against hangs, not for speed.
 */
const GENEROUS_MS = 2000;

function timed(input: string): { parsed: ParsedTrace; ms: number } {
  const start = process.hrtime.bigint();
  const parsed = parseTrace(input);
  // the fingerprint runs over the same data in the worker
  computeFingerprint({ project: 'p', exceptionType: parsed.exceptionType ?? 'E', message: input, frames: parsed.frames });
  return { parsed, ms: Number(process.hrtime.bigint() - start) / 1e6 };
}

const KB256 = 256 * 1024;

const cases: [string, () => string, (p: ParsedTrace) => void][] = [
  ['a 256 KB single line', () => 'x'.repeat(KB256), (p) => expect(p.frames).toEqual([])],
  ["'a@'.repeat(100000)", () => 'a@'.repeat(100_000), (p) => expect(p.frames).toEqual([])],
  ["'@'.repeat(256K)", () => '@'.repeat(KB256), (p) => expect(p.frames).toEqual([])],
  ["'    at '.repeat(50000)", () => '    at '.repeat(50_000), (p) => expect(p.frames.length).toBeLessThanOrEqual(1)],
  ["'    at '.repeat(50000) on separate lines", () => '    at \n'.repeat(50_000), (p) => expect(p.frames).toEqual([])],
  ["':1'.repeat(128K)", () => ':1'.repeat(KB256 / 2), (p) => expect(p.frames.length).toBeLessThanOrEqual(1)],
  ["':'.repeat(256K) + '1'", () => ':'.repeat(KB256) + '1', (p) => expect(p.frames.length).toBeLessThanOrEqual(1)],
  [
    'a run of 256K digits',
    () => 'at x.js:' + '9'.repeat(KB256),
    (p) => expect(p.frames.every((f) => f.line === null)).toBe(true),
  ],
  ["'    at f ('.repeat(30000)", () => '    at f ('.repeat(30_000) + ')', (p) => expect(p.frames.length).toBeLessThanOrEqual(1)],
  [
    'nested eval origins',
    () => '    at eval (' + 'eval at f ('.repeat(20_000) + '/a.js:1:1' + ')'.repeat(20_001),
    (p) => expect(p.frames.length).toBeLessThanOrEqual(1),
  ],
  [
    "'(' and ')' runs",
    () => 'at ' + '('.repeat(KB256 / 2) + ')'.repeat(KB256 / 2),
    (p) => expect(p.frames.length).toBeLessThanOrEqual(1),
  ],
  ['File " runs', () => '  File "'.repeat(30_000) + '", line 1', (p) => expect(p.frames.length).toBeLessThanOrEqual(1)],
  ['", line " runs', () => '  File "' + '", line '.repeat(30_000), (p) => expect(p.frames.length).toBeLessThanOrEqual(1)],
  ['#0 runs', () => '#0 '.repeat(80_000), (p) => expect(p.frames.length).toBeLessThanOrEqual(1)],
  ["'): ' runs", () => '#0 /a.php(' + '): ('.repeat(60_000), (p) => expect(p.frames.length).toBeLessThanOrEqual(1)],
  [
    '" in " runs',
    () => 'PHP Warning:  x' + ' in '.repeat(60_000) + ' on line 3',
    (p) => expect(p.frames.length).toBeLessThanOrEqual(1),
  ],
  [':in ` runs', () => 'a.rb:1:in `'.repeat(25_000), (p) => expect(p.frames.length).toBeLessThanOrEqual(1)],
  ["':in `' and backtick runs", () => 'a.rb:1:in `' + '`'.repeat(KB256), (p) => expect(p.frames.length).toBeLessThanOrEqual(1)],
  ["'(@' runs (Gecko arguments)", () => '(@'.repeat(KB256 / 2), (p) => expect(p.frames).toEqual([])],
  [
    "')@' runs after an open argument list",
    () => 'f(' + ')@'.repeat(KB256 / 2) + 'https://x.io/a.js:1',
    (p) => expect(p.frames.length).toBeLessThanOrEqual(1),
  ],
  [
    'Opera "called from line" runs',
    () => 'called from line 1, column 2 in '.repeat(8000) + ') in '.repeat(8000),
    (p) => expect(p.frames.length).toBeLessThanOrEqual(1),
  ],
  [
    'Opera "Line N of" runs',
    () => 'Line 1 of '.repeat(25_000) + ' script' + ': In function '.repeat(10_000),
    (p) => expect(p.frames.length).toBeLessThanOrEqual(1),
  ],
  [
    'Hermes "address at" runs',
    () => '    at f (' + 'address at '.repeat(20_000) + 'a.bundle:1:2)',
    (p) => expect(p.frames.length).toBeLessThanOrEqual(1),
  ],
  ['goroutine header runs', () => 'goroutine 1 ['.repeat(20_000) + ']:', (p) => expect(p.frames).toEqual([])],
  [
    'Go args with deep parens',
    () => 'goroutine 1 [running]:\nmain.f' + '('.repeat(100_000) + ')'.repeat(100_000) + '\n\t/a.go:1 +0x1',
    (p) => expect(p.frames).toHaveLength(1),
  ],
  [
    'hex and uuid lookalikes in one message',
    () => ('0x' + 'f'.repeat(64) + '-').repeat(3000) + 'deadbeef'.repeat(20_000),
    (p) => expect(p.frames).toEqual([]),
  ],
  [
    '10,000 V8 frames',
    () => 'Error: deep\n' + Array.from({ length: 10_000 }, (_, i) => `    at f${i} (/app/src/a.js:${i + 1}:7)`).join('\n'),
    (p) => {
      expect(p.frames).toHaveLength(MAX_FRAMES);
      expect(p.frames[0]?.line).toBe(1);
    },
  ],
  [
    '10,000 Python frames',
    () =>
      'Traceback (most recent call last):\n' +
      Array.from({ length: 10_000 }, (_, i) => `  File "/app/a.py", line ${i + 1}, in f\n    f()`).join('\n') +
      '\nRecursionError: x',
    (p) => {
      expect(p.frames).toHaveLength(MAX_FRAMES);
      expect(p.frames[0]?.line).toBe(10_000);
    },
  ],
  [
    '10,000 Firefox frames',
    () => Array.from({ length: 10_000 }, (_, i) => `f${i}@https://x.io/a.js:${i + 1}:3`).join('\n'),
    (p) => expect(p.frames).toHaveLength(MAX_FRAMES),
  ],
  [
    '10,000 Firefox 3 frames with arguments',
    () => Array.from({ length: 10_000 }, (_, i) => `f${i}(${i}, "a@b")@https://x.io/a.js:${i + 1}`).join('\n'),
    (p) => expect(p.frames).toHaveLength(MAX_FRAMES),
  ],
  [
    '10,000 Opera frames',
    () =>
      'Error thrown at line 1, column 1 in f() in https://x.io/a.js:\n' +
      'called from line 2, column 3 in g(a) in https://x.io/a.js:\n    g(a);\n'.repeat(10_000),
    (p) => expect(p.frames).toHaveLength(MAX_FRAMES),
  ],
  [
    '10,000 Hermes frames',
    () => 'Error: x\n' + '    at f (address at index.android.bundle:1:452701)\n'.repeat(10_000),
    (p) => expect(p.frames).toHaveLength(MAX_FRAMES),
  ],
  [
    '10,000 Java frames',
    () => 'java.lang.StackOverflowError\n' + '\tat com.x.A.f(A.java:3)\n'.repeat(10_000),
    (p) => expect(p.frames).toHaveLength(MAX_FRAMES),
  ],
  [
    '10,000 Ruby frames',
    () => "a.rb:1:in `f': x (SystemStackError)\n" + "\tfrom a.rb:1:in `f'\n".repeat(10_000),
    (p) => expect(p.frames).toHaveLength(MAX_FRAMES),
  ],
  [
    '10,000 Go frames',
    () => 'panic: x\n\ngoroutine 1 [running]:\n' + 'main.f()\n\t/a.go:1 +0x1\n'.repeat(10_000),
    (p) => expect(p.frames).toHaveLength(MAX_FRAMES),
  ],
  [
    '10,000 PHP frames',
    () =>
      'Exception: x in /a.php:1\nStack trace:\n' + Array.from({ length: 10_000 }, (_, i) => `#${i} /a.php(1): f()`).join('\n'),
    (p) => expect(p.frames).toHaveLength(MAX_FRAMES),
  ],
  [
    '10,000 .NET frames',
    () => 'System.Exception: x\n' + '   at A.B.C() in /a.cs:line 1\n'.repeat(10_000),
    (p) => expect(p.frames).toHaveLength(MAX_FRAMES),
  ],
  ['200,000 empty lines', () => '\n'.repeat(200_000), (p) => expect(p.frames).toEqual([])],
  [
    'one frame line of 256 KB',
    () => 'Error: x\n    at ' + 'f'.repeat(KB256) + ' (/a.js:1:2)',
    (p) => expect(p.frames).toHaveLength(1),
  ],
];

describe('pathological input is parsed in linear time', () => {
  it.each(cases)('%s', (_name, make, check) => {
    const input = make();
    const { parsed, ms } = timed(input);
    check(parsed);
    expect(ms).toBeLessThan(GENEROUS_MS);
  });

  it('stays linear: 4x the input costs nowhere near 16x the time', () => {
    const make = (n: number): string => 'a@:1'.repeat(n) + '\n' + '    at ('.repeat(n);
    timed(make(10_000)); // warm up
    const small = timed(make(20_000)).ms;
    const large = timed(make(80_000)).ms;
    // quadratic would be ~16x; allow plenty of noise on a shared machine
    expect(large).toBeLessThan(Math.max(500, small * 20));
  });
});
