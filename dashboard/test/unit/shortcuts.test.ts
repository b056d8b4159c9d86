import { type KeyPress, moved, shortcutOf } from '../../src/lib/shortcuts';

const press = (key: string, extra: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  inField: false,
  ...extra,
});

describe('the issues list keys', () => {
  it('maps j, k, Enter, r, i and / to their actions', () => {
    expect(['j', 'k', 'Enter', 'r', 'i', '/'].map((key) => shortcutOf(press(key)))).toEqual([
      'next',
      'previous',
      'open',
      'resolve',
      'ignore',
      'search',
    ]);
  });

  it('leaves other keys, modified keys and typing in a field alone', () => {
    expect(shortcutOf(press('x'))).toBeUndefined();
    expect(shortcutOf(press('J'))).toBeUndefined();
    expect(shortcutOf(press('toString'))).toBeUndefined();
    expect(shortcutOf(press('r', { ctrlKey: true }))).toBeUndefined();
    expect(shortcutOf(press('r', { metaKey: true }))).toBeUndefined();
    expect(shortcutOf(press('k', { altKey: true }))).toBeUndefined();
    expect(shortcutOf(press('/', { inField: true }))).toBeUndefined();
  });

  it('moves the selection within the rows: j from nothing is the first row, k the last; the ends hold', () => {
    expect(moved(null, 3, 'next')).toBe(0);
    expect(moved(null, 3, 'previous')).toBe(2);
    expect(moved(0, 3, 'next')).toBe(1);
    expect(moved(2, 3, 'next')).toBe(2);
    expect(moved(0, 3, 'previous')).toBe(0);
    expect(moved(null, 0, 'next')).toBeNull();
  });
});
