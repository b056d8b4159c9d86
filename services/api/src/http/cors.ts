import type { RequestHandler } from 'express';

const ALLOWED_HEADERS = 'Content-Type, Content-Encoding, X-API-Key, Authorization, Prefer, X-Sentry-Auth';
const EXPOSED_HEADERS =
  'Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy, X-Cache, X-Sentry-Rate-Limits, X-Sentry-Error';

/** CORS for browsers reporting errors; CORS_ORIGINS lists origins, or `*` for any. */
export function cors(origins: readonly string[]): RequestHandler {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin');
    if (origin !== undefined && (any || allowed.has(origin))) {
      res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      if (!any) res.vary('Origin');
      res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
    }
    if (req.method !== 'OPTIONS' || req.get('access-control-request-method') === undefined) {
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', req.get('access-control-request-headers') ?? ALLOWED_HEADERS);
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
  };
}
