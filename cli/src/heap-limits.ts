import { spawn } from 'node:child_process';

/**
 * V8 limits that keep a role within about 150 MB RSS under load (the Dockerfile sets the same, and
 * the manifests the worker's); `all` runs every role in one process and gets more old space. The
 * ingest worker gets a young generation of 8 MB semi-spaces instead of 4: its batches (500 events
 * parsed, rows, statement text) die young there instead of being copied and promoted, which drained
 * 9-15% more events for 10-13% less CPU each (bench, ingest). Its old space is 88 MB instead of 96,
 * which keeps its peak RSS under the bench's load at 138-139 MB (138-149 with 96); with 80 it ran
 * out of heap on 1 MB events (test/e2e/memory-bounds.test.ts), whose batches it sizes from its heap
 * limit (112 MB).
 */
export function heapFlags(command: string | undefined): string[] {
  if (command === 'ingest-worker') return ['--max-semi-space-size=8', '--max-old-space-size=88'];
  return ['--max-semi-space-size=4', `--max-old-space-size=${command === 'all' ? 160 : 96}`];
}

function limitsGiven(): boolean {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return flags.some((flag) => flag.startsWith('--max-old-space-size'));
}

/**
 * Node reads heap limits only at start, so when neither the command line nor NODE_OPTIONS sets them
 * the command runs again as a child with heapFlags, this process relaying signals and the exit
 * status. The child has a process group of its own, so a terminal's Ctrl-C reaches it once (relayed),
 * not twice (a second signal forces the exit); it exits too if this process is killed (its IPC
 * channel closes). Answers whether it relaunched (the caller must then do nothing else).
 */
export function relaunchWithHeapLimits(script: string, argv: readonly string[]): boolean {
  if (limitsGiven()) return false;
  const child = spawn(process.execPath, [...heapFlags(argv[0]), ...process.execArgv, script, ...argv], {
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
