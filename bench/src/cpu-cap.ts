import { existsSync, mkdirSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const PERIOD_US = 100_000;

/** Where a CPU cgroup can be made: cgroup v1's cpu controller, else the v2 hierarchy. */
function cgroupRoot(): { readonly dir: string; readonly version: 1 | 2 } {
  if (existsSync('/sys/fs/cgroup/cpu/cpu.cfs_quota_us')) return { dir: '/sys/fs/cgroup/cpu', version: 1 };
  for (const dir of ['/sys/fs/cgroup/unified', '/sys/fs/cgroup']) {
    if (existsSync(join(dir, 'cgroup.subtree_control'))) return { dir, version: 2 };
  }
  throw new Error('no CPU cgroup hierarchy under /sys/fs/cgroup: capping a process needs cgroup v1 (cpu) or v2');
}

/**
 * Limits a running process (all its threads) to `cores` of CPU time (0.05: 5 ms in every 100 ms)
 * by moving it into a cgroup of its own; the answer undoes it. Needs root or a delegated cgroup:
 * the error says which file could not be written.
 */
export function capCpu(pid: number, cores: number): () => void {
  const root = cgroupRoot();
  const dir = join(root.dir, `error-tracker-bench-${pid}`);
  const quota = Math.max(1_000, Math.round(cores * PERIOD_US));
  try {
    mkdirSync(dir, { recursive: true });
    if (root.version === 1) {
      writeFileSync(join(dir, 'cpu.cfs_period_us'), String(PERIOD_US));
      writeFileSync(join(dir, 'cpu.cfs_quota_us'), String(quota));
    } else {
      writeFileSync(join(root.dir, 'cgroup.subtree_control'), '+cpu');
      writeFileSync(join(dir, 'cpu.max'), `${quota} ${PERIOD_US}`);
    }
    writeFileSync(join(dir, 'cgroup.procs'), String(pid));
  } catch (error) {
    throw new Error(`could not cap process ${pid} to ${cores} of a core in ${dir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return () => {
    try {
      writeFileSync(join(root.dir, 'cgroup.procs'), String(pid));
    } catch {
      // The process is gone: the cgroup is empty either way.
    }
    rmdirSync(dir);
  };
}

/** Why processes cannot be capped here (no CPU cgroup, or not allowed to make one), or undefined when they can. */
export function cpuCapUnavailable(): string | undefined {
  try {
    const root = cgroupRoot();
    const dir = join(root.dir, `error-tracker-bench-probe-${process.pid}`);
    mkdirSync(dir);
    rmdirSync(dir);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
