import express, { type RequestHandler } from 'express';
import { HttpProblem } from './problem';

/** sendBeacon posts text/plain; those bodies are JSON too. */
const JSON_TYPES = ['application/json', 'application/*+json', 'text/plain'];

/** Requests with a body must say it is JSON (or text/plain): anything else is a 415. */
export const requireJsonContentType: RequestHandler = (req, _res, next) => {
  const hasBody = req.get('transfer-encoding') !== undefined || Number(req.get('content-length') ?? 0) > 0;
  if (!hasBody || req.is(JSON_TYPES)) {
    next();
    return;
  }
  next(
    new HttpProblem({
      status: 415,
      title: 'Unsupported Media Type',
      detail: `Content-Type ${req.get('content-type') ?? '(none)'} is not supported: send application/json`,
    }),
  );
};

export function parseJsonBody(limitBytes: number): RequestHandler {
  return express.json({ limit: limitBytes, type: JSON_TYPES, strict: false });
}
