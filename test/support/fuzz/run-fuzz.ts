import fc from 'fast-check';
import { type Answer, fault, send } from './oracle';
import type { FuzzRequest } from './request';

export interface FuzzOptions {
  readonly seed: number;
  readonly runs: number;
  /** Requests in flight at once. */
  readonly concurrency: number;
  readonly timeoutMs: number;
}

export interface RouteFigures {
  inputs: number;
  /** Answers by status (0: no answer). */
  readonly byStatus: Record<number, number>;
  readonly faults: Array<{ readonly input: string; readonly fault: string }>;
}

/** Generated in chunks, each from its own seed, so a long run never holds every input at once. */
const CHUNK = 250;

/** Sends `runs` inputs of one route, deterministic for a seed, and tallies the answers. */
export async function fuzzRoute(base: string, requests: fc.Arbitrary<FuzzRequest>, options: FuzzOptions): Promise<RouteFigures> {
  const figures: RouteFigures = { inputs: 0, byStatus: {}, faults: [] };
  for (let start = 0; start < options.runs; start += CHUNK) {
    const inputs = fc.sample(requests, { seed: options.seed + start, numRuns: Math.min(CHUNK, options.runs - start) });
    let next = 0;
    const lane = async () => {
      while (next < inputs.length) {
        const request = inputs[next++] as FuzzRequest;
        tally(figures, request, await send(base, request, options.timeoutMs));
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, lane));
  }
  return figures;
}

function tally(figures: RouteFigures, request: FuzzRequest, answer: Answer): void {
  figures.inputs += 1;
  figures.byStatus[answer.status] = (figures.byStatus[answer.status] ?? 0) + 1;
  const wrong = fault(answer);
  if (wrong !== undefined) figures.faults.push({ input: `${request.method} ${request.label}`, fault: wrong });
}
