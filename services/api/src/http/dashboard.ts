import { createRequire } from 'node:module';
import { dirname, join, posix } from 'node:path';
import compression from 'compression';
import express, { type RequestHandler, type Response, Router } from 'express';

/** Paths the API answers itself: the dashboard never serves or falls back on them. */
const API_PATHS = /^\/(api|ingest|health|ready|metrics)(\/|$)/;

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  // Invitation links carry their token in the query string: no page may pass it on as a referrer.
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** The dashboard's build directory (its package entry is the built index.html), or undefined when it was not built. */
export function findDashboardFiles(): string | undefined {
  try {
    return dirname(createRequire(__filename).resolve('@error-tracker/dashboard'));
  } catch {
    return undefined;
  }
}

const withSecurityHeaders = (res: Response): void => {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
};

/** A client route (`/errors/12`, `/invite`) rather than a file: no extension in its last segment. */
const isClientRoute = (path: string): boolean => posix.extname(path) === '';

/**
 * Serves the dashboard's built files at `/`, and its index.html for client routes so that a
 * reload or a link (`/errors/12`, `/invite?token=…`) opens the page. Hashed assets are cached for
 * good; index.html is revalidated, so a new build is picked up at once. Without a build, nothing.
 */
export function dashboard(dir: string | undefined): Router {
  const router = Router();
  if (dir === undefined) return router;
  const page = join(dir, 'index.html');
  const onlyPages: RequestHandler = (req, res, next) => {
    if (API_PATHS.test(req.path) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      next('router');
      return;
    }
    withSecurityHeaders(res);
    next();
  };
  router.use(onlyPages);
  // Scripts and styles go out gzip- or brotli-compressed to browsers that take it.
  router.use(compression());
  router.use('/assets', express.static(join(dir, 'assets'), { index: false, immutable: true, maxAge: '365d' }));
  router.use(express.static(dir, { index: false, maxAge: 0 }));
  router.use((req, res, next) => {
    if (!isClientRoute(req.path) || !req.accepts('html')) {
      next();
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(page, (error) => {
      if (error) next(error);
    });
  });
  return router;
}
