/** The monitoring page's figures: null (no samples yet) reads as a dash. */
export const TIMEFRAMES = ['1h', '6h', '24h', '7d', '30d'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

export const timeframeOf = (search: string): Timeframe =>
  TIMEFRAMES.find((value) => value === new URLSearchParams(search).get('timeframe')) ?? '1h';

const rounded = (value: number, digits: number) => value.toLocaleString('en-US', { maximumFractionDigits: digits });

export const percent = (value: number | null): string => (value === null ? '—' : `${rounded(value, 2)}%`);
export const millis = (value: number | null): string => (value === null ? '—' : `${rounded(value, 1)} ms`);
export const decimal = (value: number | null): string => (value === null ? '—' : rounded(value, 1));

const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** `1.5 MB` (powers of 1024). */
export function bytes(value: number | null): string {
  if (value === null) return '—';
  let size = value;
  let unit = 0;
  while (size >= 1024 && unit < BYTE_UNITS.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${rounded(size, 1)} ${BYTE_UNITS[unit]}`;
}
