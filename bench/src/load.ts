/**
 * The load generator, run as its own process so it does not share a core's event loop with the
 * server it measures. Reads one JSON argument, prints one JSON line of results.
 */
import autocannon from 'autocannon';
import { constantRate } from './constant-rate';
import { requestBody } from './events';

export interface LoadSpec {
  readonly url: string;
  readonly seconds: number;
  readonly connections: number;
  /** Open-loop requests per second (constant-rate.ts); omitted: closed-loop, as fast as the server answers. */
  readonly rate?: number;
  readonly headers: Record<string, string>;
  /** Bodies sent in turn are events over this many fingerprints. */
  readonly groups: number;
  /** Half of the events on one fingerprint. */
  readonly hot?: boolean;
}

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2] ?? '{}') as LoadSpec;
  // Twice as many bodies as groups, so the hot pattern (every other event) shows.
  const bodies = Array.from({ length: spec.groups * 2 }, (_, i) => requestBody(i, spec.groups, spec.hot ?? false));
  if (spec.rate) {
    const fixed = await constantRate(spec.url, spec.rate, spec.seconds, spec.headers, bodies);
    process.stdout.write(`${JSON.stringify(fixed)}\n`);
    return;
  }
  let next = 0;
  const result = await autocannon({
    url: spec.url,
    method: 'POST',
    duration: spec.seconds,
    connections: spec.connections,
    headers: spec.headers,
    requests: [
      {
        setupRequest: (request) => {
          request.body = bodies[next++ % bodies.length];
          return request;
        },
      },
    ],
  });
  const output: LoadResult = {
    requests: result.requests.total,
    perSecond: Math.round(result.requests.total / spec.seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

void main();
