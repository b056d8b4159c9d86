import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '@error-tracker/runtime/logger';

const VALID_ID = /^[\w.:-]{1,128}$/;

export function requestIdOf(res: Response): string | undefined {
  return typeof res.locals.requestId === 'string' ? res.locals.requestId : undefined;
}

/**
 * Gives every request an id (the caller's X-Request-Id when it is sane, else a new one), echoes it
 * in the answer, and writes a debug line per request with it. Bodies and headers are never logged.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const requestId = incoming !== undefined && VALID_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    if (logger.isLevelEnabled('debug')) {
      const started = performance.now();
      res.once('finish', () => {
        logger.debug(
          {
            reqId: requestId,
            method: req.method,
            path: req.path,
            status: res.statusCode,
            ms: Math.round(performance.now() - started),
          },
          'request',
        );
      });
    }
    next();
  };
}
