import type { LatencyBuckets } from '@error-tracker/contracts/db/schema';

interface Bucket {
  readonly bound: number;
  /** Requests at or under the bound (cumulative). */
  readonly count: number;
}

function sortedBuckets(buckets: LatencyBuckets): Bucket[] {
  return Object.entries(buckets)
    .map(([bound, count]) => ({ bound: bound === '+Inf' ? Infinity : Number(bound), count }))
    .filter((bucket) => !Number.isNaN(bucket.bound))
    .sort((a, b) => a.bound - b.bound);
}

/**
 * The q-quantile of a cumulative histogram, interpolated linearly inside the bucket it falls in,
 * as PromQL's histogram_quantile does (in the +Inf bucket: the highest finite bound). Undefined
 * for an empty histogram.
 */
export function histogramQuantile(q: number, buckets: LatencyBuckets): number | undefined {
  const sorted = sortedBuckets(buckets);
  const total = sorted.at(-1)?.count ?? 0;
  if (total === 0) return undefined;
  const rank = q * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const { bound, count } of sorted) {
    if (count >= rank) {
      if (bound === Infinity) return lowerBound;
      const inBucket = count - lowerCount;
      return inBucket === 0 ? bound : lowerBound + (bound - lowerBound) * ((rank - lowerCount) / inBucket);
    }
    lowerBound = bound;
    lowerCount = count;
  }
  return lowerBound;
}

/** Apdex: (satisfied + tolerating / 2) / all, in [0, 1]; undefined with no requests. */
export function apdex(satisfied: number, tolerating: number, requests: number): number | undefined {
  return requests === 0 ? undefined : (satisfied + tolerating / 2) / requests;
}
