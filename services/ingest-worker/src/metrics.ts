import { Counter, Gauge, Histogram } from 'prom-client';

export const batchSize = new Histogram({
  name: 'error_tracker_ingest_batch_size',
  help: 'Events per committed batch',
  buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500],
});

export const ingestLag = new Histogram({
  name: 'error_tracker_ingest_lag_seconds',
  help: 'Time from the API receiving an event to its batch committing',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
});

export const eventsIngested = new Counter({
  name: 'error_tracker_events_ingested_total',
  help: 'Events committed to PostgreSQL (duplicates of already counted events excluded)',
});

export const duplicatesSkipped = new Counter({
  name: 'error_tracker_events_duplicate_total',
  help: 'Redelivered events skipped because their event_id was already counted',
});

export const jobsFailed = new Counter({
  name: 'error_tracker_ingest_jobs_failed_total',
  help: 'Ingest job attempts that failed; exhausted=true ones landed in the failed set',
  labelNames: ['exhausted'] as const,
});

type JobCounts = () => Promise<Record<string, number>>;
let countJobs: JobCounts | undefined;

/** Read from the queue at scrape time, so it is current whichever replica answers. */
export const queueDepth = new Gauge({
  name: 'error_tracker_queue_jobs',
  help: 'Jobs in the ingest queue by state',
  labelNames: ['state'] as const,
  async collect() {
    if (!countJobs) return;
    try {
      const counts = await countJobs();
      for (const state of ['waiting', 'active', 'delayed', 'failed']) this.set({ state }, counts[state] ?? 0);
    } catch {
      // Redis away: keep the last values.
    }
  },
});

export function reportQueueDepthFrom(source: JobCounts | undefined): void {
  countJobs = source;
}
