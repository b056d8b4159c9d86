import { useEffect, useRef } from 'preact/hooks';
import { isField, type Shortcut, shortcutOf } from '../lib/shortcuts';

/** Calls `onShortcut` for the page's single-key shortcuts while the component is shown. */
export function useShortcuts(onShortcut: (shortcut: Shortcut, event: KeyboardEvent) => void): void {
  const latest = useRef(onShortcut);
  latest.current = onShortcut;
  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      const shortcut = shortcutOf({
        key: event.key,
        ctrlKey: event.ctrlKey,
        metaKey: event.metaKey,
        altKey: event.altKey,
        inField: isField(document.activeElement),
      });
      if (shortcut !== undefined && !event.defaultPrevented) latest.current(shortcut, event);
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
}
