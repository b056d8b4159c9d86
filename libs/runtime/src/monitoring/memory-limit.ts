import { readFile } from 'node:fs/promises';
import { totalmem } from 'node:os';

/** cgroup v2, then v1: where a container's memory limit is written. */
const CGROUP_LIMIT_FILES = ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'];

/** The memory this process may use: its container's limit when one is set, else the host's memory. */
export async function memoryLimitBytes(): Promise<number> {
  const host = totalmem();
  for (const file of CGROUP_LIMIT_FILES) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    const limit = Number(text?.trim());
    // "max" (v2) or a huge number (v1) means no limit.
    if (Number.isFinite(limit) && limit > 0 && limit < host) return limit;
  }
  return host;
}
