import { readFileSync } from 'node:fs';
import { testEnv } from '../../test/support/test-config';

/** Where load.js and reference-http-server.js are once built. */
export const BENCH_DIST = __dirname;

/** Peak resident set size of a live process, in MB (Linux /proc). */
export function peakRssMb(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
}

/** The V8 caps the image sets (Dockerfile), so figures match what users run. */
export const RUNTIME_NODE_OPTIONS = '--max-semi-space-size=4 --max-old-space-size=96';

/** A role's environment as the tests give it, with the image's V8 caps and no rate limit. */
export function benchEnv(databaseUrl: string, prefix: string): Record<string, string> {
  return testEnv(databaseUrl, prefix, { LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '0', NODE_OPTIONS: RUNTIME_NODE_OPTIONS });
}
