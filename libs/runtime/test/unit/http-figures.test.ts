import { Counter, Gauge, Histogram } from 'prom-client';
import { APDEX_TARGET_SECONDS, APDEX_TOLERATED_SECONDS, HTTP_SERIES } from '@error-tracker/contracts/monitoring';
import { readHttpTotals, since } from '../../src/monitoring/http-figures';

// The series as the API defines them (the sampler finds them by name in the process's registry).
const duration = new Histogram({
  name: HTTP_SERIES.duration,
  help: 'test',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.1, APDEX_TARGET_SECONDS, APDEX_TOLERATED_SECONDS, 5],
});
const open = new Gauge({ name: HTTP_SERIES.openConnections, help: 'test' });
const bytesIn = new Counter({ name: HTTP_SERIES.bytesIn, help: 'test' });
const bytesOut = new Counter({ name: HTTP_SERIES.bytesOut, help: 'test' });

const observe = (status: string, seconds: number, route = '/api/errors') =>
  duration.observe({ method: 'GET', route, status }, seconds);

describe('the API figures a sample takes from its Prometheus series', () => {
  it('adds every label set, tells 5xx apart and counts Apdex from the T and 4 T buckets', async () => {
    const before = await readHttpTotals();
    observe('200', 0.05);
    observe('200', 0.2, '/api/stats');
    observe('404', 0.5);
    observe('200', 2);
    observe('503', 0.01);
    open.set(4);
    bytesIn.inc(300);
    bytesOut.inc(900);

    const slot = since(before, await readHttpTotals());
    expect(slot).toEqual({
      requests: 5,
      errors5xx: 1,
      durationSumMs: expect.closeTo(2760, 6) as number,
      buckets: { '0.1': 2, [String(APDEX_TARGET_SECONDS)]: 3, [String(APDEX_TOLERATED_SECONDS)]: 4, '5': 5, '+Inf': 5 },
      // The 503 answered in 10 ms, yet frustrates.
      apdexSatisfied: 2,
      apdexTolerating: 1,
      openConnections: 4,
      bytesIn: 300,
      bytesOut: 900,
    });
  });

  it('counts only what happened since the previous reading', async () => {
    const before = await readHttpTotals();
    observe('500', 0.2);
    const slot = since(before, await readHttpTotals());
    expect([slot.requests, slot.errors5xx, slot.apdexSatisfied, slot.bytesIn]).toEqual([1, 1, 0, 0]);
  });
});
