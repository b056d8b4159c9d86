import { statfs } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface ProcessReading {
  /** CPU time over wall time since the last reading; 100 is one core busy. */
  readonly cpuPercent: number;
  readonly heapUsedBytes: number;
  readonly rssBytes: number;
  readonly eventLoopDelayMs: number;
  readonly eventLoopDelayP99Ms: number;
}

export interface DiskReading {
  readonly usedBytes: number;
  readonly sizeBytes: number;
}

/** prom-client's default event-loop metrics sample at this resolution; the same here keeps both comparable. */
const LOOP_RESOLUTION_MS = 10;
const NS_PER_MS = 1e6;

/** The histogram holds the time between timer turns, resolution included; the delay is what exceeds it. */
const beyondResolution = (ns: number) => Math.max(0, ns / NS_PER_MS - LOOP_RESOLUTION_MS);

/** The process's own figures, each reading covering the time since the previous one. */
export class ProcessFigures {
  private cpu = process.cpuUsage();
  private at = performance.now();
  private readonly loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });

  constructor() {
    this.loop.enable();
  }

  read(): ProcessReading {
    const now = performance.now();
    const cpu = process.cpuUsage(this.cpu);
    const elapsedMs = now - this.at;
    const memory = process.memoryUsage();
    // An empty histogram (no timer turn yet) has NaN for a mean.
    const measured = this.loop.count > 0;
    const reading = {
      cpuPercent: elapsedMs > 0 ? ((cpu.user + cpu.system) / 1000 / elapsedMs) * 100 : 0,
      heapUsedBytes: memory.heapUsed,
      rssBytes: memory.rss,
      eventLoopDelayMs: measured ? beyondResolution(this.loop.mean) : 0,
      eventLoopDelayP99Ms: measured ? beyondResolution(this.loop.percentile(99)) : 0,
    };
    this.cpu = process.cpuUsage();
    this.at = now;
    this.loop.reset();
    return reading;
  }

  stop(): void {
    this.loop.disable();
  }
}

/** The filesystem the process works in (a container's own disk, or the host's). */
export async function readDisk(path = process.cwd()): Promise<DiskReading | undefined> {
  try {
    const stats = await statfs(path);
    return { usedBytes: (stats.blocks - stats.bfree) * stats.bsize, sizeBytes: stats.blocks * stats.bsize };
  } catch {
    return undefined;
  }
}
