import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { HttpProblem } from './problem';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/** Constant-time comparison: both sides are hashed to equal length first. */
export function keyMatches(candidate: string, expected: Buffer): boolean {
  return timingSafeEqual(digest(candidate), expected);
}

function presentedKey(req: Request, allowQueryKey: boolean): string | undefined {
  const header = req.get('x-api-key');
  if (header) return header;
  const authorization = req.get('authorization');
  if (authorization) {
    const match = /^bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1];
  }
  if (allowQueryKey && typeof req.query.api_key === 'string') return req.query.api_key;
  return undefined;
}

export interface AuthOptions {
  /** `?api_key=` is accepted only where browsers need it (navigator.sendBeacon cannot set headers). */
  readonly allowQueryKey?: (req: Request) => boolean;
}

export function requireApiKey(apiKey: string, options: AuthOptions = {}): RequestHandler {
  const expected = digest(apiKey);
  return (req, _res, next) => {
    const key = presentedKey(req, options.allowQueryKey?.(req) ?? false);
    if (key !== undefined && keyMatches(key, expected)) {
      next();
      return;
    }
    next(
      new HttpProblem({
        status: 401,
        title: 'Unauthorized',
        detail: key === undefined ? 'missing API key: send X-API-Key' : 'invalid API key',
        headers: { 'WWW-Authenticate': 'Bearer' },
      }),
    );
  };
}
