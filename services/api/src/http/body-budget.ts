import { getHeapStatistics } from 'node:v8';
import type { ServerResponse } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import { type HttpProblem, serviceUnavailable } from './problem';

/** Share of the V8 heap limit that request bodies being read, decoded, parsed and queued may take together. */
const HEAP_SHARE = 16;
const RETRY_AFTER_SECONDS = 1;
const OWN = 'bodyBudgetBytes';

/** The default budget: 1/16 of the heap limit (about 6.7 MB under the image's --max-old-space-size=96). */
export function defaultBodyBudgetBytes(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / HEAP_SHARE);
}

const isEncoded = (req: Request): boolean => !['', 'identity'].includes((req.get('content-encoding') ?? '').trim().toLowerCase());

/**
 * Back-pressure on the ingest routes: each request reserves its body's bytes before the body is
 * read, until its answer is sent. A request that would take the total past the budget gets 503 with
 * Retry-After at once, unread; one request alone is always let in, so a body larger than the budget
 * still goes through on a quiet server.
 */
export class BodyBudget {
  private reserved = 0;

  constructor(readonly maxBytes: number) {}

  get inFlightBytes(): number {
    return this.reserved;
  }

  /**
   * Middleware for a route whose bodies are at most `routeLimit` bytes: it reserves Content-Length,
   * or the limit for a chunked body and for a compressed one the body parser will inflate
   * (`inflatedBy: 'parser'`); a route that inflates itself reserves the output with `hold`.
   */
  reserve(routeLimit: number, inflatedBy: 'parser' | 'route'): RequestHandler {
    return (req, res, next) => {
      const declared = Number(req.get('content-length'));
      const known = Number.isSafeInteger(declared) && declared >= 0 && !(inflatedBy === 'parser' && isEncoded(req));
      const bytes = known ? Math.min(declared, routeLimit) : routeLimit;
      if (!this.fits(bytes)) {
        next(this.busy());
        return;
      }
      this.hold(res, bytes);
      next();
    };
  }

  /** Bytes this request may inflate its body into now: the route's limit when it is alone, else what the budget has left. */
  allowance(res: Response, routeLimit: number): number {
    const others = this.reserved - ((res.locals[OWN] as number | undefined) ?? 0);
    return others === 0 ? routeLimit : Math.max(0, Math.min(routeLimit, this.maxBytes - this.reserved));
  }

  /** Counts `bytes` more against the budget until the request's answer is sent. */
  hold(res: Response, bytes: number): void {
    this.reserved += bytes;
    res.locals[OWN] = ((res.locals[OWN] as number | undefined) ?? 0) + bytes;
    let released = false;
    res.once('close', () => {
      if (released) return;
      released = true;
      this.reserved -= bytes;
    });
  }

  /** For a request Express does not see: reserves `bytes` until its answer closes, or answers false (busy). */
  tryHold(res: ServerResponse, bytes: number): boolean {
    if (!this.fits(bytes)) return false;
    this.reserved += bytes;
    res.once('close', () => {
      this.reserved -= bytes;
    });
    return true;
  }

  private fits(bytes: number): boolean {
    return this.reserved === 0 || this.reserved + bytes <= this.maxBytes;
  }

  busy(): HttpProblem {
    return serviceUnavailable(
      `the server is holding ${this.reserved} bytes of request bodies, its limit is ${this.maxBytes}; retry in ${RETRY_AFTER_SECONDS} s`,
      RETRY_AFTER_SECONDS,
    );
  }
}
