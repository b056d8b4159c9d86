/**
 * Micro-benchmark of stack-trace parsing and fingerprinting: traces parsed per second on one core
 * for 30-frame traces of each main format (target ≥ 50,000/s for V8 and Python), and the time
 * taken by pathological inputs (which must stay linear). Prints its figures; `main()` returns them.
 */
import { computeFingerprint } from '@error-tracker/grouping/compute-fingerprint';
import { parseTrace } from '@error-tracker/grouping/parse-trace';

export interface TraceBenchResult {
  name: string;
  perSecond?: number;
  ms?: number;
}

const FRAMES = 30;

function v8Trace(): string {
  const lines = ["TypeError: Cannot read properties of undefined (reading 'price')"];
  for (let i = 0; i < FRAMES; i++) {
    if (i % 3 === 0) lines.push(`    at Object.handler${i} (/srv/shop/src/routes/orders-${i}.js:${10 + i}:${5 + i})`);
    else if (i % 3 === 1)
      lines.push(
        `    at async Layer.handle [as handle_request] (/srv/shop/node_modules/express/lib/router/layer.js:${95 + i}:5)`,
      );
    else lines.push(`    at process.processTicksAndRejections (node:internal/process/task_queues:${95 + i}:5)`);
  }
  return lines.join('\n');
}

function pythonTrace(): string {
  const lines = ['Traceback (most recent call last):'];
  for (let i = 0; i < FRAMES; i++) {
    const file =
      i % 2 === 0 ? `/srv/shop/app/views_${i}.py` : `/srv/shop/.venv/lib/python3.12/site-packages/django/core/handlers/h${i}.py`;
    lines.push(`  File "${file}", line ${20 + i}, in handle_${i}`);
    lines.push(`    response = self.get_response(request)`);
    lines.push(`               ^^^^^^^^^^^^^^^^^^^^^^^^^^`);
  }
  lines.push("KeyError: 'order_id'");
  return lines.join('\n');
}

function firefoxTrace(): string {
  const lines: string[] = [];
  for (let i = 0; i < FRAMES; i++)
    lines.push(`render${i}/<@https://shop.example.com/static/js/main.3f9a2c1b.js:1:${1000 + i * 37}`);
  return lines.join('\n');
}

function javaTrace(): string {
  const lines = ['Exception in thread "main" java.lang.IllegalStateException: order 42 is closed'];
  for (let i = 0; i < FRAMES; i++) {
    lines.push(
      i % 2 === 0
        ? `\tat com.example.shop.Service${i}.run(Service${i}.java:${10 + i})`
        : `\tat java.base/java.util.ArrayList.forEach(ArrayList.java:${1500 + i})`,
    );
  }
  return lines.join('\n');
}

/** Runs `fn` for about `ms` milliseconds and returns calls per second. */
function rate(fn: () => void, ms = 1000): number {
  // Warm up long enough for V8 to finish optimising (a fixed call count left the first figure low).
  const warmUntil = process.hrtime.bigint() + 300_000_000n;
  while (process.hrtime.bigint() < warmUntil) for (let i = 0; i < 100; i++) fn();
  let calls = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let i = 0; i < 500; i++) fn();
    calls += 500;
    elapsed = process.hrtime.bigint() - start;
  }
  return Math.round(calls / (Number(elapsed) / 1e9));
}

function timeOnce(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function main(): TraceBenchResult[] {
  const results: TraceBenchResult[] = [];
  const traces: [string, string][] = [
    ['v8', v8Trace()],
    ['python', pythonTrace()],
    ['spidermonkey', firefoxTrace()],
    ['java', javaTrace()],
  ];
  console.log(`trace parsing, ${FRAMES}-frame traces, one core:`);
  for (const [name, trace] of traces) {
    const perSecond = rate(() => parseTrace(trace));
    results.push({ name: `parse ${name}`, perSecond });
    console.log(`  parse ${name.padEnd(13)} ${perSecond.toLocaleString('en-US').padStart(10)} traces/s`);
  }
  const parsed = parseTrace(traces[0]?.[1] ?? '');
  const fpRate = rate(() =>
    computeFingerprint({ project: 'shop', exceptionType: 'TypeError', message: 'x', frames: parsed.frames }),
  );
  results.push({ name: 'fingerprint', perSecond: fpRate });
  console.log(`  fingerprint        ${fpRate.toLocaleString('en-US').padStart(10)} /s`);
  const both = rate(() => {
    const p = parseTrace(traces[0]?.[1] ?? '');
    computeFingerprint({ project: 'shop', exceptionType: p.exceptionType ?? '', message: p.message ?? '', frames: p.frames });
  });
  results.push({ name: 'parse + fingerprint v8', perSecond: both });
  console.log(`  parse+fingerprint  ${both.toLocaleString('en-US').padStart(10)} /s (v8)`);

  const KB256 = 256 * 1024;
  const hostile: [string, string][] = [
    ['256 KB single line', 'x'.repeat(KB256)],
    ["'a@'.repeat(100000)", 'a@'.repeat(100_000)],
    ["'    at '.repeat(50000)", '    at '.repeat(50_000)],
    ["':1'.repeat(128K)", ':1'.repeat(KB256 / 2)],
    ['nested eval origins', '    at eval (' + 'eval at f ('.repeat(20_000) + '/a.js:1:1' + ')'.repeat(20_001)],
    ['10,000 V8 frames', 'Error: x\n' + '    at f (/app/a.js:1:2)\n'.repeat(10_000)],
    ['10,000 Python frames', 'Traceback (most recent call last):\n' + '  File "/a.py", line 1, in f\n'.repeat(10_000) + 'E: x'],
  ];
  console.log('pathological input (one parse each):');
  for (const [name, input] of hostile) {
    parseTrace(input.slice(0, 1000));
    const ms = timeOnce(() => parseTrace(input));
    results.push({ name, ms });
    console.log(`  ${name.padEnd(26)} ${ms.toFixed(2).padStart(8)} ms`);
  }
  return results;
}

if (typeof require !== 'undefined' && require.main === module) main();
