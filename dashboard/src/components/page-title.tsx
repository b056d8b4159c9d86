import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** The view's heading: names the tab, and takes focus when the view opens so screen readers announce it. */
export function PageTitle({ children, text }: { readonly children?: ComponentChildren; readonly text: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${text} · Error Tracker`;
    heading.current?.focus({ preventScroll: true });
  }, [text]);
  return (
    <h1 ref={heading} tabIndex={-1}>
      {children ?? text}
    </h1>
  );
}
