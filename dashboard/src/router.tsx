import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const NAVIGATED = 'error-tracker:navigated';

export interface Place {
  readonly pathname: string;
  readonly search: string;
}

const here = (): Place => ({ pathname: window.location.pathname, search: window.location.search });

/** Moves to `href` inside the page (no reload); `replace` rewrites the current history entry instead. */
export function navigate(href: string, options: { replace?: boolean; state?: unknown } = {}): void {
  if (options.replace) window.history.replaceState(options.state ?? null, '', href);
  else window.history.pushState(options.state ?? null, '', href);
  window.dispatchEvent(new Event(NAVIGATED));
}

/** The current path and query, following links, navigate() and the back button. */
export function usePlace(): Place {
  const [place, setPlace] = useState(here);
  useEffect(() => {
    const update = () => setPlace(here());
    window.addEventListener('popstate', update);
    window.addEventListener(NAVIGATED, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(NAVIGATED, update);
    };
  }, []);
  return place;
}

interface LinkProps {
  readonly href: string;
  readonly children: ComponentChildren;
  readonly class?: string;
  readonly 'aria-current'?: 'page';
}

/** An ordinary link that moves inside the page; modified clicks (new tab, download) stay the browser's. */
export function Link({ href, children, class: className, 'aria-current': current }: LinkProps) {
  const onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return (
    <a href={href} class={className} aria-current={current} onClick={onClick}>
      {children}
    </a>
  );
}
