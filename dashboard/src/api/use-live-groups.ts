import { useEffect, useRef, useState } from 'preact/hooks';
import { liveGroupId, type LiveKind } from '../lib/live';

/** Coalesces a burst of events into one reload of the list. */
const RELOAD_AFTER_MS = 300;

/**
 * Listens to `GET /api/events` (with the session cookie; the browser reconnects by itself, sending
 * the last id) and answers the groups announced since; `onArrival` runs after each burst.
 */
export function useLiveGroups(onArrival: () => void): ReadonlyMap<number, LiveKind> {
  const [live, setLive] = useState<ReadonlyMap<number, LiveKind>>(new Map());
  const latest = useRef(onArrival);
  latest.current = onArrival;
  useEffect(() => {
    const source = new EventSource('/api/events');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const listener = (kind: LiveKind) => (event: MessageEvent<string>) => {
      const id = liveGroupId(event.data);
      if (id === undefined) return;
      setLive((previous) => new Map(previous).set(id, kind));
      clearTimeout(timer);
      timer = setTimeout(() => latest.current(), RELOAD_AFTER_MS);
    };
    source.addEventListener('created', listener('created'));
    source.addEventListener('regressed', listener('regressed'));
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, []);
  return live;
}
