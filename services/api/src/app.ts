import express, { type Express, type Request, type RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { Db } from '@error-tracker/contracts/db/schema';
import type { Logger } from '@error-tracker/runtime/logger';
import type { MaskOptions } from './ingest/mask-secrets';
import { ReadCache } from './cache/read-cache';
import { requireApiKey } from './http/auth';
import { parseJsonBody, requireJsonContentType } from './http/body-parsing';
import { cors } from './http/cors';
import { errorHandler, notFound } from './http/error-handler';
import { measureRequests } from './http/metrics';
import { requestLog } from './http/request-log';
import { rateLimit } from './http/rate-limit';
import type { EventQueue } from './ingest/event-queue';
import { openApiDocument } from './openapi/document';
import { groupsReadRouter } from './routes/groups-read';
import { groupsStateRouter } from './routes/groups-state';
import { healthRouter, type ReadinessCheck } from './routes/health';
import { ingestRouter } from './routes/ingest';
import { BATCH_MAX_BYTES } from './routes/ingest.schema';
import { projectsRouter } from './routes/projects';
import { sentryIngestRouter } from './routes/sentry';
import { statsRouter } from './routes/stats';

export interface AppDeps {
  readonly apiKey: string;
  readonly maxBodyBytes: number;
  readonly trustProxy: boolean;
  readonly corsOrigins: readonly string[];
  readonly rateLimitPerMinute: number;
  /** Base URL in DSNs; when unset, taken from each request. */
  readonly publicUrl?: string;
  readonly mask: MaskOptions;
  readonly db: Db;
  /** Fail-fast connection for the cache and the rate limiter. */
  readonly redis: Redis;
  readonly redisPrefix: string;
  readonly queue: EventQueue;
  readonly readiness: readonly ReadinessCheck[];
  readonly logger: Logger;
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.set('etag', false);

  app.use(measureRequests);
  app.use(requestLog(deps.logger));
  app.use(cors(deps.corsOrigins));

  const limiter = (sentryHeaders: boolean): RequestHandler =>
    deps.rateLimitPerMinute > 0
      ? rateLimit({ redis: deps.redis, prefix: deps.redisPrefix, perMinute: deps.rateLimitPerMinute, sentryHeaders })
      : (_req, _res, next) => next();
  // What every /api and /ingest route goes through: rate limit, the key (?api_key= only on POST /api/errors,
  // for navigator.sendBeacon), a JSON body within its limit.
  const isBrowserIngest = (req: Request): boolean => req.method === 'POST' && req.baseUrl + req.path === '/api/errors';
  const rateLimited = limiter(false);
  const auth = requireApiKey(deps.apiKey, { allowQueryKey: isBrowserIngest });
  const guardsWithin = (maxBytes: number): RequestHandler[] => [
    rateLimited,
    auth,
    requireJsonContentType,
    parseJsonBody(maxBytes),
  ];
  const guards = guardsWithin(deps.maxBodyBytes);

  // The hot path first: ingest is matched before any other router is consulted.
  app.use(ingestRouter({ queue: deps.queue, mask: deps.mask, guards, batchGuards: guardsWithin(BATCH_MAX_BYTES) }));
  app.use(healthRouter(deps.readiness));
  // Sentry SDKs authenticate with their DSN key and send raw (often compressed) bodies.
  app.use(sentryIngestRouter({ db: deps.db, queue: deps.queue, mask: deps.mask, rateLimit: limiter(true) }));
  app.use('/api', ...guards);

  const cache = new ReadCache(deps.redis, deps.redisPrefix);
  app.get('/api/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  app.use(groupsReadRouter(deps.db, cache));
  app.use(groupsStateRouter(deps.db, cache));
  app.use(projectsRouter({ db: deps.db, publicUrl: deps.publicUrl }));
  app.use(statsRouter(deps.db, cache));

  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return app;
}
