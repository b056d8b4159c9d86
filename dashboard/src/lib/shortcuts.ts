/** The issues list's keys: j/k move, Enter opens, r resolves, i ignores, / goes to the search box. */
export type Shortcut = 'next' | 'previous' | 'open' | 'resolve' | 'ignore' | 'search';

export interface KeyPress {
  readonly key: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  /** The focused element is a text field, a select or editable: keys type there, they are no shortcuts. */
  readonly inField: boolean;
}

const KEYS: Readonly<Record<string, Shortcut>> = {
  j: 'next',
  k: 'previous',
  Enter: 'open',
  r: 'resolve',
  i: 'ignore',
  '/': 'search',
};

export function shortcutOf(press: KeyPress): Shortcut | undefined {
  if (press.ctrlKey || press.metaKey || press.altKey || press.inField) return undefined;
  return Object.hasOwn(KEYS, press.key) ? KEYS[press.key] : undefined;
}

/** The row selected after j or k: the first row when none is, and no further than either end. */
export function moved(selected: number | null, rows: number, shortcut: 'next' | 'previous'): number | null {
  if (rows === 0) return null;
  if (selected === null) return shortcut === 'next' ? 0 : rows - 1;
  return Math.min(rows - 1, Math.max(0, selected + (shortcut === 'next' ? 1 : -1)));
}

/** Whether typing in `element` would be taken as text (or a choice) rather than as a shortcut. */
export function isField(element: Element | null): boolean {
  if (!element) return false;
  const tag = element.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return !['button', 'submit', 'checkbox', 'radio'].includes((element as HTMLInputElement).type);
  return (element as HTMLElement).isContentEditable === true;
}
