import { sql } from 'kysely';
import type { Db, LatencyBuckets } from '@error-tracker/contracts/db/schema';
import { countUpSlots } from './api-uptime';
import { apiCoverage, coveredMinutes } from './api-coverage';
import { apdex, histogramQuantile } from './histogram';
import { historyStart, shareOfSlots, slotWindow } from './slot-window';

export interface RequestPerformance {
  readonly requests: number;
  readonly avgResponseMs: number | null;
  readonly p95Ms: number | null;
  readonly p99Ms: number | null;
  readonly errorRatePercent: number | null;
  readonly throughputRpm: number | null;
  readonly availabilityPercent: number | null;
  /** Apdex (T = APDEX_TARGET_SECONDS) × 10. */
  readonly performanceScore: number | null;
}

interface Totals {
  readonly requests: number;
  readonly errors: number;
  readonly duration_ms: number;
  readonly satisfied: number;
  readonly tolerating: number;
}

async function totals(db: Db, from: Date): Promise<Totals> {
  const { rows } = await sql<Totals>`
    SELECT coalesce(sum(requests), 0)::float8 AS requests,
           coalesce(sum(errors_5xx), 0)::float8 AS errors,
           coalesce(sum(duration_sum_ms), 0)::float8 AS duration_ms,
           coalesce(sum(apdex_satisfied), 0)::float8 AS satisfied,
           coalesce(sum(apdex_tolerating), 0)::float8 AS tolerating
    FROM monitoring_samples WHERE slot >= ${from} AND requests IS NOT NULL`.execute(db);
  return rows[0] ?? { requests: 0, errors: 0, duration_ms: 0, satisfied: 0, tolerating: 0 };
}

/** The API's latency histogram over the timeframe: every instance's samples added bucket by bucket. */
async function buckets(db: Db, from: Date): Promise<LatencyBuckets> {
  const { rows } = await sql<{ bound: string; count: number }>`
    SELECT b.key AS bound, sum(b.value::numeric)::float8 AS count
    FROM monitoring_samples s, jsonb_each_text(s.latency_buckets) AS b
    WHERE s.slot >= ${from} AND s.latency_buckets IS NOT NULL
    GROUP BY b.key`.execute(db);
  return Object.fromEntries(rows.map((row) => [row.bound, row.count]));
}

const toMs = (seconds: number | undefined) => (seconds === undefined ? null : seconds * 1000);

/** The API's answers over the timeframe, from its samples. */
export async function readRequestPerformance(db: Db, spanMs: number, intervalMs: number): Promise<RequestPerformance> {
  const window = slotWindow(spanMs, intervalMs, await historyStart(db));
  const [sums, histogram, coverage, [upSlots]] = await Promise.all([
    totals(db, window.from),
    buckets(db, window.from),
    apiCoverage(db, window.from),
    countUpSlots(db, [window]),
  ]);
  const { requests } = sums;
  const minutes = coveredMinutes(coverage);
  const score = apdex(sums.satisfied, sums.tolerating, requests);
  return {
    requests,
    avgResponseMs: requests === 0 ? null : sums.duration_ms / requests,
    p95Ms: toMs(histogramQuantile(0.95, histogram)),
    p99Ms: toMs(histogramQuantile(0.99, histogram)),
    errorRatePercent: requests === 0 ? null : (100 * sums.errors) / requests,
    throughputRpm: minutes === 0 ? null : requests / minutes,
    availabilityPercent: shareOfSlots(upSlots ?? 0, window),
    performanceScore: score === undefined ? null : score * 10,
  };
}
