const UNITS: ReadonlyArray<readonly [Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

/** `3 minutes ago`, `yesterday`; `never` for null. */
export function timeAgo(iso: string | null, now: number = Date.now()): string {
  if (iso === null) return 'never';
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  if (Number.isNaN(seconds)) return iso;
  const [unit, size] = UNITS.find(([, length]) => Math.abs(seconds) >= length) ?? ['second', 1];
  return relative.format(Math.round(seconds / size), unit);
}

/** A readable UTC time: `2026-11-02 08:00:00 UTC`. */
export function utc(iso: string | null): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

// One formatter for every number: toLocaleString builds a new one per call (20x slower, and the
// issues list formats three numbers a row).
const numbers = new Intl.NumberFormat('en-US');

/** `12,345`. */
export const count = (value: number): string => numbers.format(value);

/** Splits `a@x.org, b@y.org` into trimmed, non-empty entries. */
export const splitList = (value: string): string[] =>
  value
    .split(/[,\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
