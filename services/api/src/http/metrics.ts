import type { RequestHandler } from 'express';
import { Counter, Histogram } from 'prom-client';
import { APDEX_TARGET_SECONDS, APDEX_TOLERATED_SECONDS, HTTP_SERIES } from '@error-tracker/contracts/monitoring';

/** Bounds at Apdex's T and 4 T too, so the performance score comes from the same buckets Prometheus scrapes. */
const APDEX_BOUNDS = [APDEX_TARGET_SECONDS, APDEX_TOLERATED_SECONDS];

export const httpDuration = new Histogram({
  name: HTTP_SERIES.duration,
  help: 'API request latency by route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, ...APDEX_BOUNDS].sort((a, b) => a - b),
});

export const eventsAccepted = new Counter({
  name: 'error_tracker_events_accepted_total',
  help: 'Events the API put on the ingest queue (acknowledged by Redis)',
  labelNames: ['via'] as const,
});

export const eventsRejected = new Counter({
  name: 'error_tracker_events_rejected_total',
  help: 'Ingest requests refused, by reason',
  labelNames: ['reason'] as const,
});

export const fastPathRequests = new Counter({
  name: 'error_tracker_ingest_fast_path_requests_total',
  help: 'Ingest requests served without Express (the common shape of POST /api/errors and /ingest/errors)',
});

export const cacheLookups = new Counter({
  name: 'error_tracker_cache_lookups_total',
  help: 'Read cache lookups by route and result (hit or miss)',
  labelNames: ['route', 'result'] as const,
});

const INGEST_PATHS = /^\/(api\/(errors(\/batch)?|\d+\/(envelope|store)\/?)|ingest\/errors(\/batch)?)$/;

const REJECTION_REASONS: Readonly<Record<number, string>> = {
  400: 'invalid',
  401: 'unauthorized',
  413: 'too_large',
  415: 'unsupported_type',
  429: 'rate_limited',
  503: 'unavailable',
};

/** Starts timing a request; the answer records its duration under `route` and counts a refused ingest. */
export function timeRequest(): (method: string, route: string, path: string, status: number) => void {
  const end = httpDuration.startTimer();
  return (method, route, path, status) => {
    end({ method, route, status: String(status) });
    if (method === 'POST' && status >= 400 && INGEST_PATHS.test(path)) {
      eventsRejected.inc({ reason: REJECTION_REASONS[status] ?? `http_${status}` });
    }
  };
}

/** Times every request; labels it with the matched route pattern, never the raw path. */
export const measureRequests: RequestHandler = (req, res, next) => {
  const answered = timeRequest();
  res.once('finish', () => {
    const matched = (req.route as { path?: unknown } | undefined)?.path;
    answered(req.method, typeof matched === 'string' ? `${req.baseUrl}${matched}` : 'unmatched', req.path, res.statusCode);
  });
  next();
};
