import { maskSecrets, maskUrl, type MaskOptions } from '../ingest/mask-secrets';
import { type Json, obj, str } from './json';

/** Headers as an object; some SDKs send `[[name, value], …]`. */
export function headersOf(raw: unknown): Json | undefined {
  if (Array.isArray(raw)) {
    const pairs = raw.filter((pair): pair is [string, unknown] => Array.isArray(pair) && typeof pair[0] === 'string');
    return Object.fromEntries(pairs.map(([name, value]) => [name, value]));
  }
  return obj(raw);
}

type QueryValue = string | number | boolean;

const isQueryValue = (value: unknown): value is QueryValue => ['string', 'number', 'boolean'].includes(typeof value);

/** `[name, value]` pairs (some SDKs) or an object; anything else (`[1]`, nested arrays, objects as values) is left out. */
function queryPairs(query: unknown): Array<[string, string]> {
  const entries: unknown[] = Array.isArray(query) ? query : Object.entries(obj(query) ?? {});
  const pairs: Array<[string, string]> = [];
  for (const entry of entries) {
    if (!Array.isArray(entry) || entry.length !== 2) continue;
    const [name, value] = entry as [unknown, unknown];
    if (isQueryValue(name) && isQueryValue(value)) pairs.push([String(name), String(value)]);
  }
  return pairs;
}

/** The request URL with its query string, which SDKs send apart (a string, pairs or an object). */
export function urlOf(request: Json | undefined): string | undefined {
  const url = str(request?.url);
  if (!url) return undefined;
  const query = request?.query_string;
  const queryText = typeof query === 'string' ? query : new URLSearchParams(queryPairs(query)).toString();
  if (!queryText || url.includes('?')) return url;
  return `${url}?${queryText.replace(/^\?/, '')}`;
}

const FORM_TEXT = /^[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*$/;

/**
 * The request body, masked. SDKs send parsed forms and JSON as objects but other bodies as text, so
 * JSON text and form-encoded text are masked too (`password=…` must not pass as an opaque string).
 */
export function maskedRequestData(data: unknown, mask: MaskOptions): unknown {
  if (typeof data !== 'string') return maskSecrets(data, mask);
  try {
    const parsed: unknown = JSON.parse(data);
    if (parsed !== null && typeof parsed === 'object') return JSON.stringify(maskSecrets(parsed, mask));
  } catch {
    // not JSON
  }
  return FORM_TEXT.test(data) ? maskUrl(`?${data}`, mask).slice(1) : data;
}
