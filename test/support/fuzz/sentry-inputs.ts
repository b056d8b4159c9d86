import fc from 'fast-check';
import { PROTOTYPE_KEYS, arrayText, hostileJson, type JsonText, objectText } from './values';

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
export const sentryEventText: fc.Arbitrary<JsonText> = fc
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

export const envelopeText: fc.Arbitrary<JsonText> = fc
  .tuple(
    fc.oneof(fc.constant('{}'), fc.constant('{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}'), hostileJson),
    fc.array(envelopeItem, { maxLength: 3 }),
  )
  .map(([header, items]) => `${header}\n${items.join('')}`);
