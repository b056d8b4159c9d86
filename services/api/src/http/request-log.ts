import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { RequestHandler, Response } from 'express';
import type { Logger } from '@error-tracker/runtime/logger';

const VALID_ID = /^[\w.:-]{1,128}$/;

export function requestIdOf(res: Response): string | undefined {
  return typeof res.locals.requestId === 'string' ? res.locals.requestId : undefined;
}

/**
 * The request's id (the caller's X-Request-Id when it is sane, else a new one), echoed in the
 * answer and, at debug level, logged with its outcome. Bodies and headers are never logged.
 */
export function identifyRequest(
  logger: Logger,
  incoming: string | undefined,
  method: string,
  path: string,
  res: ServerResponse,
): string {
  const requestId = incoming !== undefined && VALID_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('X-Request-Id', requestId);
  if (logger.isLevelEnabled('debug')) {
    const started = performance.now();
    res.once('finish', () => {
      logger.debug(
        { reqId: requestId, method, path, status: res.statusCode, ms: Math.round(performance.now() - started) },
        'request',
      );
    });
  }
  return requestId;
}

export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    res.locals.requestId = identifyRequest(logger, req.get('x-request-id'), req.method, req.path, res);
    next();
  };
}
