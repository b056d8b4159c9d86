import fc from 'fast-check';

/**
 * Hostile inputs as JSON text, so they can hold what JSON.stringify cannot produce: nesting
 * 10,000 deep, lone surrogate escapes, numbers out of range, keys named like prototype members.
 */
export type JsonText = string;

export const PROTOTYPE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
];

export const DEEP = 10_000;
const deepArrays = (depth: number): JsonText => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
const deepObjects = (depth: number): JsonText => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** Strings past every field limit, and past the body limit; few, since each costs a large request. */
const hugeString = fc.constantFrom(10_001, 70_000, 300_000).map((length) => 'x'.repeat(length));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ maxLength: 40 }), weight: 4 },
  // `binary` units include lone surrogates (half an emoji).
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      ...PROTOTYPE_KEYS,
      '',
      ' ',
      '\u0000',
      'null',
      'NaN',
      '-1',
      '0',
      '1e309',
      '%',
      '%00',
      '%ff',
      '../../etc/passwd',
      '{{ default }}',
      'critical',
      'ß'.repeat(20),
      '\ud800',
      '\udfff\ud800',
      'a\u2028b',
      '2026-13-45T99:99:99Z',
      '-271821-04-20T00:00:00Z',
    ),
    weight: 3,
  },
  { arbitrary: hugeString, weight: 1 },
);

/** An object's JSON text from entries of JSON text; keys may repeat and may be `__proto__`. */
export const objectText = (entries: ReadonlyArray<readonly [string, JsonText]>): JsonText =>
  `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`;

export const arrayText = (items: readonly JsonText[]): JsonText => `[${items.join(',')}]`;

export const hostileJson: fc.Arbitrary<JsonText> = fc.oneof(
  { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)), weight: 4 },
  { arbitrary: hostileString.map((text) => JSON.stringify(text)), weight: 4 },
  {
    arbitrary: fc.constantFrom(
      '"\\ud800"',
      '"\\udc00x\\ud83d"',
      '"\\u0000"',
      deepArrays(DEEP),
      deepObjects(DEEP),
      deepArrays(40),
      deepObjects(40),
      '1e400',
      '-0',
      '123456789012345678901234567890',
      '1.5',
      '-1',
      'true',
      'null',
      '[]',
      '{}',
      '[1]',
      '[[1]]',
      '[["a"]]',
    ),
    weight: 3,
  },
  {
    arbitrary: fc
      .array(fc.tuple(fc.constantFrom(...PROTOTYPE_KEYS, 'password', 'a', ''), fc.jsonValue({ maxDepth: 2 })), { maxLength: 4 })
      .map((entries) => objectText(entries.map(([key, value]) => [key, JSON.stringify(value)] as const))),
    weight: 2,
  },
);

/** Byte-level damage to a body: invalid UTF-8, CESU-8 surrogates, NUL, a cut. */
export const damage: fc.Arbitrary<(body: Buffer) => Buffer> = fc.oneof(
  fc.constant((body: Buffer) => body),
  fc
    .tuple(fc.nat(), fc.constantFrom([0xff], [0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x00], [0xe2, 0x82]))
    .map(([at, bytes]) => (body: Buffer) => {
      const i = body.length === 0 ? 0 : at % body.length;
      return Buffer.concat([body.subarray(0, i), Buffer.from(bytes), body.subarray(i)]);
    }),
  fc.nat().map((at) => (body: Buffer) => body.subarray(0, body.length === 0 ? 0 : at % body.length)),
);
