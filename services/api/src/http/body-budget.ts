import { getHeapStatistics } from 'node:v8';
import type { RequestHandler } from 'express';
import { serviceUnavailable } from './problem';

/** Share of the V8 heap limit that request bodies being read, parsed and queued may take together. */
const HEAP_SHARE = 16;
const RETRY_AFTER_SECONDS = 1;

/** The default budget: 1/16 of the heap limit (about 6.7 MB under the image's --max-old-space-size=96). */
export function defaultBodyBudgetBytes(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / HEAP_SHARE);
}

/**
 * Back-pressure on the ingest routes: each request reserves its body's size (Content-Length, or the
 * route's limit when the body is chunked) before it is read, until its answer is sent. A request
 * that would take the total past the budget gets 503 with Retry-After at once, unread; one request
 * alone is always let in, so a body larger than the budget still goes through on a quiet server.
 */
export class BodyBudget {
  private reserved = 0;

  constructor(readonly maxBytes: number) {}

  get inFlightBytes(): number {
    return this.reserved;
  }

  /** Middleware for a route whose bodies are at most `routeLimit` bytes. */
  reserve(routeLimit: number): RequestHandler {
    return (req, res, next) => {
      const declared = Number(req.get('content-length'));
      const bytes = Number.isSafeInteger(declared) && declared >= 0 ? Math.min(declared, routeLimit) : routeLimit;
      if (this.reserved > 0 && this.reserved + bytes > this.maxBytes) {
        next(
          serviceUnavailable(
            `the server is reading ${this.reserved} bytes of request bodies, its limit is ${this.maxBytes}; retry in ${RETRY_AFTER_SECONDS} s`,
            RETRY_AFTER_SECONDS,
          ),
        );
        return;
      }
      this.reserved += bytes;
      let released = false;
      res.once('close', () => {
        if (released) return;
        released = true;
        this.reserved -= bytes;
      });
      next();
    };
  }
}
