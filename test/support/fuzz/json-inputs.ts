import fc from 'fast-check';
import { DEEP, PROTOTYPE_KEYS, arrayText, hostileJson, hostileString, type JsonText, objectText } from './values';

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
export const eventText: fc.Arbitrary<JsonText> = fc
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

export const batchText: fc.Arbitrary<JsonText> = fc.oneof(
  {
    arbitrary: fc
      .array(fc.oneof({ arbitrary: eventText, weight: 4 }, { arbitrary: hostileJson, weight: 1 }), { maxLength: 5 })
      .map((items) => objectText([['errors', arrayText(items)]])),
    weight: 5,
  },
  { arbitrary: hostileJson.map((value) => objectText([['errors', value]])), weight: 1 },
);
