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

/** Batch ingest takes up to 1 MB; every other /api body MAX_BODY_BYTES. */
export const BATCH_MAX_BYTES = 1024 * 1024;

export function parseJsonBody(limitBytes: number): RequestHandler {
  const single = express.json({ limit: limitBytes, type: JSON_TYPES, strict: false });
  const batch = express.json({ limit: BATCH_MAX_BYTES, type: JSON_TYPES, strict: false });
  return (req, res, next) => (req.method === 'POST' && req.baseUrl + req.path === '/api/errors/batch' ? batch : single)(req, res, next);
}
