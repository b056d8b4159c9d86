/** Nesting deeper than this is cut, so hostile input cannot exhaust the stack. */
export const MAX_MASK_DEPTH = 32;
export const DEPTH_LIMIT_MARKER = '[depth limit]';

export interface MaskOptions {
  /** Lower-cased fragments: a key whose lower-cased name contains one is masked. */
  readonly keys: readonly string[];
  readonly maskWith: string;
}

export function isSecretKey(key: string, keys: readonly string[]): boolean {
  const lower = key.toLowerCase();
  return keys.some((fragment) => lower.includes(fragment));
}

/** Returns a copy in which the value of every secret-looking key, at any depth, is replaced. */
export function maskSecrets<T>(value: T, options: MaskOptions): T {
  return maskValue(value, options, 0) as T;
}

/** A copy cut at MAX_MASK_DEPTH, for JSON from clients that is shown or stored but has no secrets to mask. */
export function limitDepth(value: unknown): unknown {
  return maskValue(value, { keys: [], maskWith: '' }, 0);
}

function maskValue(value: unknown, options: MaskOptions, depth: number): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_MASK_DEPTH) return DEPTH_LIMIT_MARKER;
  if (Array.isArray(value)) return value.map((item) => maskValue(item, options, depth + 1));
  // fromEntries defines own properties: a client key named "__proto__" stays data, not a prototype.
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      isSecretKey(key, options.keys) ? options.maskWith : maskValue(inner, options, depth + 1),
    ]),
  );
}

/** Masks secret-looking query parameters (`?token=…`) in a URL or path; other text is kept as sent. */
export function maskUrl(url: string, options: MaskOptions): string {
  const queryStart = url.indexOf('?');
  if (queryStart < 0) return url;
  const hashStart = url.indexOf('#', queryStart);
  const query = url.slice(queryStart + 1, hashStart < 0 ? undefined : hashStart);
  const masked = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const name = safeDecode(pair.slice(0, eq));
      return isSecretKey(name, options.keys) ? `${pair.slice(0, eq)}=${encodeURIComponent(options.maskWith)}` : pair;
    })
    .join('&');
  return `${url.slice(0, queryStart + 1)}${masked}${hashStart < 0 ? '' : url.slice(hashStart)}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}
