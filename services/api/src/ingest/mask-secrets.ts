/** Nesting deeper than this is cut, so hostile input cannot exhaust the stack. */
export const MAX_MASK_DEPTH = 32;
export const DEPTH_LIMIT_MARKER = '[depth limit]';

export interface MaskOptions {
  /** Lower-cased fragments: a key whose lower-cased name contains one is masked. */
  readonly keys: readonly string[];
  readonly maskWith: string;
}

/** Answers per fragment list, by key: clients send the same few keys in every event. */
const secretKeyAnswers = new WeakMap<readonly string[], Map<string, boolean>>();
/** Distinct keys remembered per fragment list; past it the answers start again (hostile key floods stay bounded). */
const REMEMBERED_KEYS = 4_096;

export function isSecretKey(key: string, keys: readonly string[]): boolean {
  let answers = secretKeyAnswers.get(keys);
  if (answers === undefined) {
    answers = new Map();
    secretKeyAnswers.set(keys, answers);
  }
  const known = answers.get(key);
  if (known !== undefined) return known;
  const lower = key.toLowerCase();
  const secret = keys.some((fragment) => lower.includes(fragment));
  if (answers.size >= REMEMBERED_KEYS) answers.clear();
  answers.set(key, secret);
  return secret;
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
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(source)) {
    const inner = isSecretKey(key, options.keys) ? options.maskWith : maskValue(source[key], options, depth + 1);
    // Defined, not assigned: a client key named "__proto__" stays data, not the copy's prototype.
    if (key === '__proto__')
      Object.defineProperty(copy, key, { value: inner, enumerable: true, writable: true, configurable: true });
    else copy[key] = inner;
  }
  return copy;
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
