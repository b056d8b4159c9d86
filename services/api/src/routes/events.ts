import { type Request, type Response, Router } from 'express';
import { permit } from '../access/authenticate';
import { isStreamId, type LiveGroup, type NewErrorsFeed, streamIdAfter } from '../live/new-errors-feed';

const HEARTBEAT_MS = 20_000;
/** A stream ends after this long; the browser reconnects at once, and the caller's key is checked again. */
const STREAM_MAX_MS = 5 * 60_000;

const EVENT_NAMES = { new: 'created', regression: 'regressed' } as const;

function format(group: LiveGroup): string {
  const data = JSON.stringify({ id: group.errorId, event_id: group.eventId, kind: EVENT_NAMES[group.kind] });
  return `id: ${group.id}\nevent: ${EVENT_NAMES[group.kind]}\ndata: ${data}\n\n`;
}

/** GET /api/events: created and regressed groups as server-sent events. */
export function eventsRouter(feed: NewErrorsFeed): Router {
  const router = Router();
  router.get('/api/events', permit('read'), async (req: Request, res: Response) => {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n\n');

    const resumeFrom = req.get('last-event-id');
    let last = isStreamId(resumeFrom) ? resumeFrom : undefined;
    let held: LiveGroup[] | undefined = last === undefined ? undefined : [];
    const send = (group: LiveGroup) => {
      if (last !== undefined && !streamIdAfter(group.id, last)) return;
      last = group.id;
      res.write(format(group));
    };
    const end = () => res.end();
    // Entries arriving while the missed ones are read are held, so they go out in order.
    const unsubscribe = feed.subscribe({ entry: (group) => (held ? held.push(group) : send(group)), end });
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const expiry = setTimeout(end, STREAM_MAX_MS);
    res.on('close', () => {
      clearInterval(heartbeat);
      clearTimeout(expiry);
      unsubscribe();
    });
    if (held && last !== undefined) {
      const missed = await feed.since(last).catch(() => []);
      for (const group of [...missed, ...held]) send(group);
      held = undefined;
    }
  });
  return router;
}
