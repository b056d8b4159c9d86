import { SAMPLE_HISTORY_DAYS } from '@error-tracker/contracts/monitoring';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** The spans `?timeframe=` accepts, in milliseconds. */
export const TIMEFRAMES = {
  '1h': HOUR_MS,
  '6h': 6 * HOUR_MS,
  '24h': DAY_MS,
  '7d': 7 * DAY_MS,
  '30d': 30 * DAY_MS,
} as const;

export type Timeframe = keyof typeof TIMEFRAMES;
export const TIMEFRAME_NAMES = Object.keys(TIMEFRAMES) as [Timeframe, ...Timeframe[]];

/** Uptime is reported over these windows; retention keeps samples as long as the longest. */
export const UPTIME_WINDOWS = { '24h': DAY_MS, '7d': 7 * DAY_MS, '30d': SAMPLE_HISTORY_DAYS * DAY_MS } as const;

export { DAY_MS, HOUR_MS, MINUTE_MS };
