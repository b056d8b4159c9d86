import fc from 'fast-check';
import { encoder } from './encodings';
import type { FuzzRequest, FuzzTarget } from './request';
import { DEEP, PROTOTYPE_KEYS, arrayText, damage, hostileJson, hostileString, type JsonText, objectText } from './values';

const EVENT_FIELDS = [
  'message',
  'project',
  'environment',
  'exception_type',
  'exception_class',
  'traceback',
  'stack_trace',
  'backtrace',
  'level',
  'source',
  'request_url',
  'url',
  'request_method',
  'request_headers',
  'user_id',
  'request_id',
  'params',
  'extra',
  'context',
  'fingerprint',
  'timestamp',
  'release',
  'source_context',
  ...PROTOTYPE_KEYS,
];

const sourceContext: fc.Arbitrary<JsonText> = fc
  .record({
    file: hostileJson,
    lineno: hostileJson,
    context_line: hostileJson,
    pre_context: hostileJson,
    post_context: hostileJson,
  })
  .chain((parts) =>
    fc.subarray(Object.entries(parts)).map((entries) => objectText(entries.map(([key, value]) => [key, value] as const))),
  );

const STRING_FIELDS = [
  'project',
  'environment',
  'exception_type',
  'exception_class',
  'level',
  'source',
  'request_url',
  'url',
  'request_method',
  'user_id',
  'request_id',
  'release',
];
const OBJECT_FIELDS = ['request_headers', 'params', 'extra', 'context'];

const hostileObject: fc.Arbitrary<JsonText> = fc.oneof(
  fc
    .array(fc.tuple(fc.oneof(hostileString, fc.constantFrom(...PROTOTYPE_KEYS, 'password')), hostileJson), { maxLength: 5 })
    .map(objectText),
  fc.constantFrom(`${'{"a":'.repeat(DEEP)}1${'}'.repeat(DEEP)}`, `{"a":${'['.repeat(DEEP)}1${']'.repeat(DEEP)}}`),
);
const stringText = hostileString.map((text) => JSON.stringify(text));
const linesText = fc.array(stringText, { maxLength: 6 }).map(arrayText);

/** A value of the field's own type with hostile content: what gets past validation into masking, cutting and the queue. */
function plausible(field: string): fc.Arbitrary<JsonText> {
  if (STRING_FIELDS.includes(field) || field === 'message') return stringText;
  if (OBJECT_FIELDS.includes(field)) return hostileObject;
  if (['traceback', 'stack_trace', 'backtrace', 'fingerprint'].includes(field)) return fc.oneof(stringText, linesText);
  if (field === 'timestamp')
    return fc.oneof(
      stringText,
      fc.double().map((n) => JSON.stringify(n)),
    );
  if (field === 'source_context') return sourceContext;
  return hostileJson;
}

/** A POST /api/errors body: a valid event with up to four fields replaced, mostly by values of their type. */
const eventText: fc.Arbitrary<JsonText> = fc
  .tuple(
    fc.boolean(),
    fc.array(
      fc
        .constantFrom(...EVENT_FIELDS)
        .chain((field) =>
          fc
            .oneof({ arbitrary: plausible(field), weight: 3 }, { arbitrary: hostileJson, weight: 1 })
            .map((value) => [field, value] as const),
        ),
      { maxLength: 4 },
    ),
  )
  .map(([withMessage, fields]) => objectText([...(withMessage ? [['message', '"it broke"'] as const] : []), ...fields]));

const batchText: fc.Arbitrary<JsonText> = fc.oneof(
  {
    arbitrary: fc
      .array(fc.oneof({ arbitrary: eventText, weight: 4 }, { arbitrary: hostileJson, weight: 1 }), { maxLength: 5 })
      .map((items) => objectText([['errors', arrayText(items)]])),
    weight: 5,
  },
  { arbitrary: hostileJson.map((value) => objectText([['errors', value]])), weight: 1 },
);

const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 12 },
  {
    arbitrary: fc.constantFrom(
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      '',
    ),
    weight: 2,
  },
);

/** A body: the generated JSON (or, rarely, any JSON or junk), maybe damaged byte-wise, maybe compressed. */
function body(json: fc.Arbitrary<JsonText>) {
  return fc.tuple(
    fc.oneof({ arbitrary: json, weight: 8 }, { arbitrary: hostileJson, weight: 1 }, { arbitrary: hostileString, weight: 1 }),
    fc.oneof({ arbitrary: fc.constant((bytes: Buffer) => bytes), weight: 6 }, { arbitrary: damage, weight: 1 }),
    encoder,
  );
}

function jsonRoute(path: string, json: fc.Arbitrary<JsonText>, target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  return fc.tuple(body(json), contentType).map(([[text, harm, { name, encode }], type]) => {
    const encoded = encode(harm(Buffer.from(text)));
    return {
      method: 'POST' as const,
      path,
      headers: {
        'x-api-key': target.apiKey,
        ...(type ? { 'content-type': type } : {}),
        ...(encoded.encoding !== undefined ? { 'content-encoding': encoded.encoding } : {}),
      },
      body: encoded.body,
      label: `${type || '(no type)'} ${name}: ${text.slice(0, 300)}`,
    };
  });
}

/** A Sentry frame with any of its fields hostile. */
const frameText: fc.Arbitrary<JsonText> = fc
  .subarray([
    'filename',
    'abs_path',
    'module',
    'function',
    'lineno',
    'colno',
    'in_app',
    'context_line',
    'pre_context',
    'post_context',
    'vars',
  ])
  .chain((keys) => fc.tuple(...keys.map((key) => hostileJson.map((value) => [key, value] as const))))
  .map((entries) => objectText([['filename', '"app.js"'], ['lineno', '3'], ...entries]));

const exceptionText: fc.Arbitrary<JsonText> = fc
  .tuple(hostileJson, hostileJson, fc.array(frameText, { maxLength: 4 }), fc.boolean())
  .map(([type, value, frames, synthetic]) =>
    objectText([
      ['type', type],
      ['value', value],
      ['stacktrace', objectText([['frames', arrayText(frames)]])],
      ...(synthetic ? [['mechanism', '{"synthetic":true}'] as const] : []),
    ]),
  );

const SENTRY_FIELDS = [
  'event_id',
  'level',
  'platform',
  'timestamp',
  'environment',
  'release',
  'fingerprint',
  'tags',
  'contexts',
  'user',
  'extra',
  'logger',
  'transaction',
  'server_name',
  'sdk',
  'message',
  'stacktrace',
  ...PROTOTYPE_KEYS,
];

/** A Sentry event: exception values, request, log entry, and any top-level field hostile. */
const sentryEventText: fc.Arbitrary<JsonText> = fc
  .tuple(
    fc.option(
      fc.array(exceptionText, { minLength: 1, maxLength: 3 }).map((values) => objectText([['values', arrayText(values)]])),
    ),
    fc.option(
      fc
        .record({ url: hostileJson, method: hostileJson, query_string: hostileJson, headers: hostileJson, data: hostileJson })
        .chain((parts) => fc.subarray(Object.entries(parts)))
        .map((entries) => objectText([['url', '"http://shop.example/cart"'], ...entries.map(([k, v]) => [k, v] as const)])),
    ),
    fc.option(
      fc.tuple(hostileJson, hostileJson).map(([message, params]) =>
        objectText([
          ['message', message],
          ['params', params],
        ]),
      ),
    ),
    fc.array(fc.tuple(fc.constantFrom(...SENTRY_FIELDS), hostileJson), { maxLength: 4 }),
  )
  .map(([exception, request, logentry, fields]) =>
    objectText([
      ...(exception ? [['exception', exception] as const] : [['message', '"it broke"'] as const]),
      ...(request ? [['request', request] as const] : []),
      ...(logentry ? [['logentry', logentry] as const] : []),
      ...fields,
    ]),
  );

/** An item's `length`: right, missing, or wrong in every way a client can get it wrong. */
const lengthField = fc.oneof(
  { arbitrary: fc.constant((n: number): JsonText | undefined => String(n)), weight: 4 },
  { arbitrary: fc.constant((): JsonText | undefined => undefined), weight: 3 },
  {
    arbitrary: fc
      .constantFrom('-1', '1.5', '1e300', '"10"', 'null', '9007199254740993', '[]')
      .map((value) => (): JsonText | undefined => value),
    weight: 1,
  },
  {
    arbitrary: fc.integer({ min: -20, max: 20 }).map(
      (delta) =>
        (n: number): JsonText | undefined =>
          String(n + delta),
    ),
    weight: 2,
  },
);

const envelopeItem = fc
  .tuple(
    fc.constantFrom('"event"', '"event"', '"event"', '"transaction"', '"attachment"', '"client_report"', '1', 'null'),
    sentryEventText,
    lengthField,
    fc.boolean(),
  )
  .map(([type, payload, length, newline]) => {
    const declared = length(Buffer.byteLength(payload));
    const header = objectText([['type', type], ...(declared === undefined ? [] : [['length', declared] as const])]);
    return `${header}\n${payload}${newline ? '\n' : ''}`;
  });

const envelopeText: fc.Arbitrary<JsonText> = fc
  .tuple(
    fc.oneof(fc.constant('{}'), fc.constant('{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}'), hostileJson),
    fc.array(envelopeItem, { maxLength: 3 }),
  )
  .map(([header, items]) => `${header}\n${items.join('')}`);

function sentryRoute(kind: 'store' | 'envelope', json: fc.Arbitrary<JsonText>, target: FuzzTarget): fc.Arbitrary<FuzzRequest> {
  const keys = fc.oneof(
    { arbitrary: fc.constant(target.project.public_key), weight: 9 },
    { arbitrary: fc.constantFrom('', '0'.repeat(32), '%00'), weight: 1 },
  );
  return fc.tuple(body(json), keys).map(([[text, harm, { name, encode }], key]) => {
    const encoded = encode(harm(Buffer.from(text)));
    return {
      method: 'POST' as const,
      path: `/api/${target.project.id}/${kind}/?sentry_key=${key}&sentry_version=7`,
      headers: {
        'content-type': kind === 'envelope' ? 'application/x-sentry-envelope' : 'application/json',
        ...(encoded.encoding !== undefined ? { 'content-encoding': encoded.encoding } : {}),
      },
      body: encoded.body,
      label: `${name}: ${text.slice(0, 300)}`,
    };
  });
}

export const INGEST_ROUTES = [
  'POST /api/errors',
  'POST /ingest/errors',
  'POST /api/errors/batch',
  'POST /ingest/errors/batch',
  'POST /api/{id}/store/',
  'POST /api/{id}/envelope/',
] as const;

/** Every ingest route and the generator of its requests. */
export function ingestRoutes(target: FuzzTarget): Record<(typeof INGEST_ROUTES)[number], fc.Arbitrary<FuzzRequest>> {
  return {
    'POST /api/errors': jsonRoute('/api/errors', eventText, target),
    'POST /ingest/errors': jsonRoute('/ingest/errors', eventText, target),
    'POST /api/errors/batch': jsonRoute('/api/errors/batch', batchText, target),
    'POST /ingest/errors/batch': jsonRoute('/ingest/errors/batch', batchText, target),
    'POST /api/{id}/store/': sentryRoute('store', sentryEventText, target),
    'POST /api/{id}/envelope/': sentryRoute('envelope', envelopeText, target),
  };
}
