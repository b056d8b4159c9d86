import fc from 'fast-check';
import type { FuzzRequest, FuzzTarget } from './request';
import { PROTOTYPE_KEYS, hostileString } from './values';

export interface ReadRoute {
  /** The OpenAPI path, e.g. `/api/errors/{id}`. */
  readonly path: string;
  readonly query: readonly string[];
  readonly pathParams: readonly string[];
}

interface Operation {
  readonly parameters?: ReadonlyArray<{ readonly name: string; readonly in: string }>;
  readonly responses?: Record<string, { readonly content?: Record<string, unknown> }>;
}

/** An event stream (GET /api/events) never ends, so it cannot be answered within a fuzz timeout. */
const isEventStream = (operation: Operation): boolean =>
  Object.values(operation.responses ?? {}).some((response) => response.content?.['text/event-stream'] !== undefined);

/** Every GET operation of the API's OpenAPI document, with its query and path parameters. */
export function readRoutesOf(document: { readonly paths: Record<string, Record<string, Operation>> }): ReadRoute[] {
  return Object.entries(document.paths).flatMap(([path, operations]) => {
    const get = operations.get;
    if (!get || isEventStream(get)) return [];
    const parameters = get.parameters ?? [];
    const named = (where: string) => parameters.filter((p) => p.in === where).map((p) => p.name);
    return [{ path, query: named('query'), pathParams: named('path') }];
  });
}

/** Percent-encoding that does not decode, decodes to invalid UTF-8, a NUL or a surrogate, and plain junk. */
const RAW_VALUES = [
  '%',
  '%zz',
  '%ff',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%00',
  '%C0%AF',
  '+',
  '%2B',
  '1e3',
  '0x10',
  '-1',
  '1.5',
  '99999999999999999999',
  '..',
  '%2F',
  'a'.repeat(10_000),
];

/** Percent-encodes text as UTF-8 bytes (a lone surrogate, which encodeURIComponent refuses, as U+FFFD). */
const percentEncode = (text: string): string =>
  [...Buffer.from(text, 'utf8')]
    .map((byte) =>
      /[\w.~-]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).padStart(2, '0')}`,
    )
    .join('');

const value = fc.oneof(
  { arbitrary: hostileString.filter((text) => text.length < 20_000).map(percentEncode), weight: 3 },
  { arbitrary: fc.constantFrom(...RAW_VALUES), weight: 2 },
);

function queryName(route: ReadRoute): fc.Arbitrary<string> {
  const own = route.query.length > 0 ? route.query : ['q'];
  return fc.oneof(
    { arbitrary: fc.constantFrom(...own), weight: 6 },
    { arbitrary: fc.constantFrom(...own).map((name) => `${name}[a]`), weight: 1 },
    { arbitrary: fc.constantFrom(...own).map((name) => `${name}[]`), weight: 1 },
    { arbitrary: fc.constantFrom(...PROTOTYPE_KEYS, 'api_key', 'sentry_key', '%00', ''), weight: 1 },
  );
}

/** Requests to one read route: every parameter with generated values, some repeated, some nonsense. */
export function readRoute(route: ReadRoute, target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  // Path parameters also take ids and names that exist, so the routes behind them run too.
  const pathValue = fc.oneof(
    { arbitrary: value, weight: 2 },
    { arbitrary: fc.constantFrom('1', String(target.project.id), 'fuzz'), weight: 1 },
  );
  const pathValues = fc.tuple(...route.pathParams.map(() => pathValue));
  const pairs = fc.array(fc.tuple(queryName(route), value, fc.boolean()), { maxLength: 6 });
  return fc.tuple(pathValues, pairs).map(([segments, query]) => {
    let path = route.path;
    route.pathParams.forEach((name, i) => {
      path = path.replace(`{${name}}`, segments[i] ?? '');
    });
    const search = query.map(([name, text, bare]) => (bare ? name : `${name}=${text}`)).join('&');
    const full = search === '' ? path : `${path}?${search}`;
    return { method: 'GET' as const, path: full, headers: { 'x-api-key': target.apiKey }, label: full.slice(0, 300) };
  });
}
