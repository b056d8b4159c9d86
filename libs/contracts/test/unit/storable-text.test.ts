import { isStorableInstant, storableJson, storableText } from '@error-tracker/contracts/db/storable-text';

describe('storable text', () => {
  it('replaces NUL and lone surrogates with U+FFFD, and leaves the rest alone', () => {
    expect(storableText('a\u0000b')).toBe('a\ufffdb');
    expect(storableText('half \ud83d')).toBe('half \ufffd');
    expect(storableText('whole 😀')).toBe('whole 😀');
  });

  it('cleans strings and keys at any depth in JSON, and keeps text that only looks like an escape', () => {
    const json = storableJson({ a: ['x\u0000'], nested: { 'k\u0000': '\udc00' }, emoji: '😀', literal: '\\u0000 \\ud83d' });
    expect(JSON.parse(json)).toEqual({
      a: ['x\ufffd'],
      nested: { 'k\ufffd': '\ufffd' },
      emoji: '😀',
      literal: '\\u0000 \\ud83d',
    });
    expect(storableJson({ plain: 'text' })).toBe('{"plain":"text"}');
  });

  it('takes instants from year 1 to 9999 only', () => {
    expect(isStorableInstant(new Date('2026-01-01T00:00:00Z'))).toBe(true);
    expect(isStorableInstant(new Date(-62_198_755_200_000))).toBe(false);
    expect(isStorableInstant(new Date('invalid'))).toBe(false);
  });
});
