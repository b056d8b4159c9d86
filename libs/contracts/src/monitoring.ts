/** The roles a process can run; each sample names the ones its process runs. */
export const ROLE_NAMES = ['api', 'ingest-worker', 'notifier', 'retention'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

/** MONITORING_SAMPLE_INTERVAL_MS's default: a sample a minute per process. */
export const DEFAULT_SAMPLE_INTERVAL_MS = 60_000;

/** Samples are kept this long: the longest uptime window (retention prunes older ones). */
export const SAMPLE_HISTORY_DAYS = 30;

/** The API's own Prometheus series the sampler reads its request figures from (the API defines them). */
export const HTTP_SERIES = {
  duration: 'error_tracker_http_request_duration_seconds',
  openConnections: 'error_tracker_http_open_connections',
  bytesIn: 'error_tracker_http_received_bytes_total',
  bytesOut: 'error_tracker_http_sent_bytes_total',
} as const;

/** Apdex's target T: an answer within T satisfies, within 4 T tolerates, slower (or a 5xx) frustrates. */
export const APDEX_TARGET_SECONDS = 0.3;
// Rounded to the millisecond: 4 * 0.3 is 1.2000000000000002 in floating point, and the bound is a label.
export const APDEX_TOLERATED_SECONDS = Math.round(4 * APDEX_TARGET_SECONDS * 1000) / 1000;
