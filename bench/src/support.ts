import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { v8LimitFlags } from '../../cli/src/heap-limits';
import { type RoleProcess, startRole } from '../../test/support/processes';
import { testEnv } from '../../test/support/test-config';

/** Where load.js and reference-http-server.js are once built. */
export const BENCH_DIST = __dirname;

/** A size field of a live process's /proc status (VmHWM, VmRSS), in MB. */
function statusMb(pid: number | undefined, field: string): number {
  if (pid === undefined) return Number.NaN;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
  return match ? Math.round(Number(match[1]) / 1024) : Number.NaN;
}

/** Peak resident set size of a live process, in MB (Linux /proc). */
export const peakRssMb = (pid: number | undefined): number => statusMb(pid, 'VmHWM');

/** CPU time (user + system) a live process has used, in seconds (Linux /proc; USER_HZ is 100). */
export function cpuSeconds(pid: number): number {
  // The command name (field 2) may hold spaces: count the fields after its closing parenthesis.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU time (user + system) a Redis server has used, in seconds, from its INFO. */
export async function redisCpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu');
  const field = (name: string) => Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
  return field('used_cpu_user') + field('used_cpu_sys');
}

/** Resident set size of a live process now, in MB. */
export const rssMb = (pid: number | undefined): number => statusMb(pid, 'VmRSS');

/** The V8 caps `error-tracker <role>` applies (and the image and manifests set), so figures match what users run. */
export const runtimeNodeOptions = (role: string): string => v8LimitFlags(role).join(' ');

/** A role's environment as the tests give it, with no rate limit (per IP or per key). */
export function benchEnv(databaseUrl: string, prefix: string): Record<string, string> {
  return testEnv(databaseUrl, prefix, { LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '0', KEY_RATE_LIMIT_INGEST: '0' });
}

/**
 * Starts a role as users run it: with its V8 caps (in NODE_OPTIONS, so the measured process is the
 * role itself). `BENCH_NODE_OPTIONS_<ROLE>` (e.g. `BENCH_NODE_OPTIONS_INGEST_WORKER='--cpu-prof'`)
 * adds flags for one role when profiling it.
 */
export function startBenchRole(role: string, env: Record<string, string>): RoleProcess {
  const extra = process.env[`BENCH_NODE_OPTIONS_${role.toUpperCase().replaceAll('-', '_')}`];
  const options = extra ? `${runtimeNodeOptions(role)} ${extra}` : runtimeNodeOptions(role);
  return startRole(role, { ...env, NODE_OPTIONS: options });
}
