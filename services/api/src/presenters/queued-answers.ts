import type { ServerResponse } from 'node:http';
import { presentQueued } from './ingest';

/** How a queued event is answered: with its id, or (MiniAPM clients) 202 with an empty body. */
export type QueuedAnswer = (res: ServerResponse, eventId: string) => void;

export const queuedWithId: QueuedAnswer = (res, eventId) => {
  const body = JSON.stringify(presentQueued(eventId));
  res.statusCode = 202;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
};

export const queuedEmpty: QueuedAnswer = (res) => {
  res.statusCode = 202;
  res.end();
};
