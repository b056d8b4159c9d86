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

/** Times every request; labels it with the matched route pattern, never the raw path. */
export const measureRequests: RequestHandler = (req, res, next) => {
  const end = httpDuration.startTimer();
  res.once('finish', () => {
    const matched = (req.route as { path?: unknown } | undefined)?.path;
    const route = typeof matched === 'string' ? `${req.baseUrl}${matched}` : 'unmatched';
    end({ method: req.method, route, status: String(res.statusCode) });
    if (req.method === 'POST' && INGEST_PATHS.test(req.path) && res.statusCode >= 400) {
      eventsRejected.inc({ reason: REJECTION_REASONS[res.statusCode] ?? `http_${res.statusCode}` });
    }
  });
  next();
};
