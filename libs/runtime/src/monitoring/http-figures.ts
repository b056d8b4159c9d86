import { type MetricValue, register } from 'prom-client';
import type { LatencyBuckets } from '@error-tracker/contracts/db/schema';
import { APDEX_TARGET_SECONDS, APDEX_TOLERATED_SECONDS, HTTP_SERIES } from '@error-tracker/contracts/monitoring';

/** The API's request figures: totals since the process started, or (from `since`) over an interval. */
export interface HttpFigures {
  readonly requests: number;
  readonly errors5xx: number;
  readonly durationSumMs: number;
  /** Requests at or under each bound (seconds), every status. */
  readonly buckets: LatencyBuckets;
  /** Answers other than 5xx within T, and within 4 T but over T. */
  readonly apdexSatisfied: number;
  readonly apdexTolerating: number;
  readonly openConnections: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
}

/** Histograms name each value's series (`…_bucket`, `…_sum`, `…_count`). */
type Value = MetricValue<string> & { readonly metricName?: string };
type Values = readonly Value[];

async function valuesOf(name: string): Promise<Values> {
  const metric = register.getSingleMetric(name);
  return metric ? (await metric.get()).values : [];
}

const total = (values: Values) => values.reduce((sum, value) => sum + value.value, 0);
const is5xx = (value: Value) => String(value.labels.status ?? '').startsWith('5');
const bucketAt = (values: Values, bound: number) =>
  total(values.filter((value) => String(value.labels.le) === String(bound) && !is5xx(value)));

/** Reads the API's series from the process's registry (the API defines them; zero where it runs no API). */
export async function readHttpTotals(): Promise<HttpFigures> {
  const duration = await valuesOf(HTTP_SERIES.duration);
  const series = (suffix: string) => duration.filter((value) => value.metricName === `${HTTP_SERIES.duration}${suffix}`);
  const bucketValues = series('_bucket');
  const buckets: Record<string, number> = {};
  for (const value of bucketValues) {
    const bound = String(value.labels.le);
    buckets[bound] = (buckets[bound] ?? 0) + value.value;
  }
  const counts = series('_count');
  const satisfied = bucketAt(bucketValues, APDEX_TARGET_SECONDS);
  return {
    requests: total(counts),
    errors5xx: total(counts.filter(is5xx)),
    durationSumMs: total(series('_sum')) * 1000,
    buckets,
    apdexSatisfied: satisfied,
    apdexTolerating: bucketAt(bucketValues, APDEX_TOLERATED_SECONDS) - satisfied,
    openConnections: total(await valuesOf(HTTP_SERIES.openConnections)),
    bytesIn: total(await valuesOf(HTTP_SERIES.bytesIn)),
    bytesOut: total(await valuesOf(HTTP_SERIES.bytesOut)),
  };
}

/** What happened between two readings of the totals; open connections is a level, taken as it is now. */
export function since(previous: HttpFigures, current: HttpFigures): HttpFigures {
  const delta = (now: number, before: number) => Math.max(0, now - before);
  const buckets: Record<string, number> = {};
  for (const [bound, count] of Object.entries(current.buckets)) buckets[bound] = delta(count, previous.buckets[bound] ?? 0);
  return {
    requests: delta(current.requests, previous.requests),
    errors5xx: delta(current.errors5xx, previous.errors5xx),
    durationSumMs: delta(current.durationSumMs, previous.durationSumMs),
    buckets,
    apdexSatisfied: delta(current.apdexSatisfied, previous.apdexSatisfied),
    apdexTolerating: delta(current.apdexTolerating, previous.apdexTolerating),
    openConnections: current.openConnections,
    bytesIn: delta(current.bytesIn, previous.bytesIn),
    bytesOut: delta(current.bytesOut, previous.bytesOut),
  };
}

export const NO_HTTP_FIGURES: HttpFigures = {
  requests: 0,
  errors5xx: 0,
  durationSumMs: 0,
  buckets: {},
  apdexSatisfied: 0,
  apdexTolerating: 0,
  openConnections: 0,
  bytesIn: 0,
  bytesOut: 0,
};
