import { spawn } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';

/**
 * V8 limits that keep a role within about 150 MB RSS under load (the Dockerfile sets the same, and
 * the manifests the worker's); `all` runs every role in one process and gets more old space. The
 * ingest worker gets a young generation of 8 MB semi-spaces instead of 4: its batches (500 events
 * parsed, rows, statement text) die young there instead of being copied and promoted, which drained
 * 9-15% more events for 10-13% less CPU each (bench, ingest). Its old space is 88 MB instead of 96,
 * which keeps its peak RSS under the bench's load at 138-139 MB (138-149 with 96); with 80 it ran
 * out of heap on 1 MB events (test/e2e/memory-bounds.test.ts), whose batches it sizes from its heap
 * limit (112 MB).
 *
 * And V8's pool of helper threads (garbage collection, compilation): one for the worker, two for
 * the other roles, instead of Node's four. Where the roles, PostgreSQL and Redis share a few cores,
 * four helpers per process only competed with them: end to end (bench, on 2 cores) 3-12% more
 * committed per second, the API 3-10 µs and the worker 1-7 µs less CPU per event. The API with one
 * helper peaked at 154-156 MB RSS (its collections finished later); with two at 140-150.
 */
export function v8LimitFlags(command: string | undefined): string[] {
  if (command === 'ingest-worker') return ['--max-semi-space-size=8', '--max-old-space-size=88', '--v8-pool-size=1'];
  return ['--max-semi-space-size=4', `--max-old-space-size=${command === 'all' ? 160 : 96}`, '--v8-pool-size=2'];
}

/**
 * V8 flags a role sets in its own process at start, since NODE_OPTIONS takes only the size limits.
 * The API lets its old space grow by 70% of what a full collection left before the next one, not
 * the 30% V8 allows a heap limited to under 128 MB: 4-6 full collections in 9 s at 4,000 req/s
 * instead of 10-32 (each a 3-26 ms pause that the slowest answers waited behind); at its maximum
 * it accepted 8-10% more for 6-11% less CPU per event; peak RSS 141-149 MB instead of 126-138
 * (100% gave 147-155). And it turns V8's allocation-site pretenuring off: V8 had taken zod's parse
 * results for long-lived and allocated them in old space, where each request's event died (8-9
 * full collections in a 200,000-parse loop instead of 1-2; at 9,000 req/s 125-134 MB promoted in 10 s
 * instead of 173, 7-8 mark-compacts instead of 11); at the maximum 2-16% more accepted in four
 * alternating pairs, 53-54 instead of 56-63 µs per event.
 */
export function runtimeV8Flags(command: string | undefined): string[] {
  return command === 'api' ? ['--heap-growing-percent=70', '--no-allocation-site-pretenuring'] : [];
}

/** Sets runtimeV8Flags in this process, unless its command line already sets the flag. */
export function applyRuntimeV8Flags(command: string | undefined): void {
  for (const flag of runtimeV8Flags(command)) {
    const name = flag.split('=')[0] as string;
    if (!process.execArgv.some((given) => given.startsWith(name))) setFlagsFromString(flag);
  }
}

function limitsGiven(): boolean {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.some((flag) => flag.startsWith('--max-old-space-size'));
}

/**
 * Node reads heap limits only at start, so when neither the command line nor NODE_OPTIONS sets them
 * the command runs again as a child with v8LimitFlags, this process relaying signals and the exit
 * status. The child has a process group of its own, so a terminal's Ctrl-C reaches it once (relayed),
 * not twice (a second signal forces the exit); it exits too if this process is killed (its IPC
 * channel closes). Answers whether it relaunched (the caller must then do nothing else).
 */
export function relaunchWithHeapLimits(script: string, argv: readonly string[]): boolean {
  if (limitsGiven()) return false;
  const child = spawn(process.execPath, [...v8LimitFlags(argv[0]), ...process.execArgv, script, ...argv], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    detached: true,
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal) process.kill(process.pid, signal);
    else process.exit(code ?? 1);
  });
  return true;
}

/** In the relaunched child: exit when the parent that relays for it is gone. */
export function exitWithParent(): void {
  if (!process.send) return;
  process.on('disconnect', () => process.exit(1));
}
