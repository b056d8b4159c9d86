import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from '@error-tracker/runtime/logger';
import { QueueUnavailableError } from '../ingest/event-queue';
import { HttpProblem, type Problem, sendProblem, serviceUnavailable } from './problem';
import { requestIdOf } from './request-log';

interface BodyParserError {
  readonly type: string;
  readonly status?: number;
  readonly limit?: number;
  readonly message: string;
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, statusCode } = error as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' ? value : undefined;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return typeof error === 'object' && error !== null && typeof (error as { type?: unknown }).type === 'string';
}

/** The answer to a problem a route raised, or to Redis being away (503 with Retry-After). */
export function knownProblem(error: unknown): Problem | undefined {
  if (error instanceof HttpProblem) return error.problem;
  if (error instanceof QueueUnavailableError) return serviceUnavailable(error.message, error.retryAfterSeconds).problem;
  return undefined;
}

/** Renders problems, maps body-parser's failures to 4xx and an unavailable queue to 503; anything unexpected is logged and becomes a 500. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const known = knownProblem(error);
    if (known) {
      sendProblem(res, known);
      return;
    }
    if (isBodyParserError(error)) {
      switch (error.type) {
        case 'entity.too.large':
          sendProblem(res, {
            status: 413,
            title: 'Content Too Large',
            detail: `request body exceeds ${error.limit ?? 'the limit of'} bytes`,
          });
          return;
        case 'entity.parse.failed':
          sendProblem(res, { status: 400, title: 'Bad Request', detail: `body is not valid JSON: ${error.message}` });
          return;
        case 'encoding.unsupported':
        case 'charset.unsupported':
          sendProblem(res, { status: 415, title: 'Unsupported Media Type', detail: error.message });
          return;
        case 'request.aborted':
          return;
        default:
          if (error.status !== undefined && error.status >= 400 && error.status < 500) {
            sendProblem(res, { status: error.status, title: 'Bad Request', detail: error.message });
            return;
          }
      }
    }
    const status = statusOf(error);
    if (status !== undefined && status >= 400 && status < 500) {
      // e.g. express's URIError for a path that is not valid percent-encoding
      sendProblem(res, { status, title: 'Bad Request', detail: error instanceof Error ? error.message : 'bad request' });
      return;
    }
    logger.error({ err: error, reqId: requestIdOf(res), method: req.method, path: req.path }, 'unhandled error');
    sendProblem(res, { status: 500, title: 'Internal Server Error', detail: 'unexpected error' });
  };
}

export const notFound: RequestHandler = (req, res) => {
  sendProblem(res, { status: 404, title: 'Not Found', detail: `no route for ${req.method} ${req.path}` });
};
