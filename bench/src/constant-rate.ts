import { sleep } from '@error-tracker/runtime/retry';
import { Agent, request } from 'node:http';
import type { LoadResult } from './load';

/**
 * Requests sent at the rate before any is counted (wrk2's calibration): connections opened, both
 * sides' code compiled. Counted from the start, the first second's set-up made the bare reference
 * server's own p99 at 1,000 req/s 5-13 ms; its slowest 1% were all in that second.
 */
export const WARM_UP_SECONDS = 2;

/**
 * Open-loop load: request i is due at start + i / rate whatever the server does, and its latency is
 * counted from when it was due, so a slow server cannot hide its queueing (no coordinated omission).
 */
export async function constantRate(
  url: string,
  rate: number,
  seconds: number,
  headers: Record<string, string>,
  bodies: readonly string[],
): Promise<LoadResult> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const warmUp = Math.round(rate * WARM_UP_SECONDS);
  const total = warmUp + Math.round(rate * seconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  const start = performance.now();
  const pending = new Set<Promise<void>>();

  const send = (index: number, dueAt: number): Promise<void> =>
    new Promise((resolve) => {
      const body = bodies[index % bodies.length] as string;
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (index < warmUp) {
              resolve();
              return;
            }
            latencies.push(performance.now() - dueAt);
            if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode >= 300) non2xx++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        if (index >= warmUp) errors++;
        resolve();
      });
      req.end(body);
    });

  while (sent < total) {
    const now = performance.now();
    const due = Math.min(total, Math.floor(((now - start) / 1000) * rate) + 1);
    for (; sent < due; sent++) {
      const promise = send(sent, start + (sent / rate) * 1000);
      pending.add(promise);
      void promise.then(() => pending.delete(promise));
    }
    await sleep(1);
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000 - WARM_UP_SECONDS;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN) * 10) / 10;
  return {
    requests: latencies.length,
    perSecond: Math.round(latencies.length / elapsed),
    p50Ms: at(0.5),
    p99Ms: at(0.99),
    non2xx,
    errors,
  };
}
