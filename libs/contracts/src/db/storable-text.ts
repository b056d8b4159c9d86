/**
 * PostgreSQL's text and jsonb refuse NUL characters and lone UTF-16 surrogates, which JavaScript
 * strings (and JSON from clients) may hold. Such characters become U+FFFD so the event is stored.
 */
export function storableText(text: string): string {
  const clean = text.includes('\u0000') ? text.replaceAll('\u0000', '\uFFFD') : text;
  return clean.isWellFormed() ? clean : clean.toWellFormed();
}

// JSON.stringify escapes NUL as \u0000 and a lone surrogate as \udXXX (a valid pair is written raw),
// so a plain stringify without such an escape needs no cleaning: the common case, on the batch path.
const NEEDS_CLEANING = /\\u0000|\\ud[89a-f]/i;

/** JSON for PostgreSQL: every string, and every object key, made storable on the way. */
export function storableJson(value: unknown): string {
  const plain = JSON.stringify(value);
  if (!NEEDS_CLEANING.test(plain)) return plain;
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (typeof inner === 'string') return storableText(inner);
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const keys = Object.keys(inner);
    if (keys.every((key) => storableText(key) === key)) return inner;
    return Object.fromEntries(keys.map((key) => [storableText(key), (inner as Record<string, unknown>)[key]]));
  });
}

/** Earliest and latest instants PostgreSQL's timestamptz and JavaScript's ISO strings agree on. */
export const MIN_TIMESTAMP_MS = Date.UTC(1, 0, 1);
export const MAX_TIMESTAMP_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function isStorableInstant(date: Date): boolean {
  const ms = date.getTime();
  return !Number.isNaN(ms) && ms >= MIN_TIMESTAMP_MS && ms <= MAX_TIMESTAMP_MS;
}
