import type { RequestListener } from 'node:http';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { RedisClient } from '@error-tracker/runtime/redis';
import { DEFAULT_SAMPLE_INTERVAL_MS } from '@error-tracker/contracts/monitoring';
import { sha256 } from '@error-tracker/contracts/db/api-keys';
import { newErrorsStreamKey } from '@error-tracker/contracts/redis-keys';
import type { Db } from '@error-tracker/contracts/db/schema';
import type { Logger } from '@error-tracker/runtime/logger';
import type { MailSender } from '@error-tracker/runtime/mail/mail-sender';
import type { ReadRouting } from '@error-tracker/runtime/read-replica';
import { identify, permit, requireCaller, requireCsrf } from './access/authenticate';
import { type Caller, callerOf } from './access/caller';
import { KeyResolver } from './access/key-resolver';
import { SessionStore } from './access/sessions';
import { ReadCache } from './cache/read-cache';
import { BodyBudget, defaultBodyBudgetBytes } from './http/body-budget';
import { parseJsonBody, requireJsonContentType } from './http/body-parsing';
import { cors } from './http/cors';
import { dashboard, findDashboardFiles } from './http/dashboard';
import { errorHandler, notFound } from './http/error-handler';
import { measureRequests } from './http/metrics';
import { type Budget, chargeBudgets, HitCounter, rateLimit } from './http/rate-limit';
import { requestLog } from './http/request-log';
import type { EventQueue } from './ingest/event-queue';
import { NewErrorsFeed } from './live/new-errors-feed';
import type { MaskOptions } from './ingest/mask-secrets';
import { openApiDocument } from './openapi/document';
import { replicaReads } from './replica/replica-reads';
import { alertsRouter } from './routes/alerts';
import { apiKeysRouter } from './routes/api-keys';
import { auditLogRouter } from './routes/audit-log';
import { eventsRouter } from './routes/events';
import { integrationsRouter } from './routes/integrations';
import { groupsReadRouter } from './routes/groups-read';
import { groupsStateRouter } from './routes/groups-state';
import { groupsTriageRouter } from './routes/groups-triage';
import { monitoringRouter } from './routes/monitoring';
import { healthRouter, type ReadinessCheck } from './routes/health';
import { ingestRouter } from './routes/ingest';
import { withIngestFastPath } from './routes/ingest-fast-path';
import { BATCH_MAX_BYTES } from './routes/ingest.schema';
import { projectsRouter } from './routes/projects';
import { sentryIngestRouter } from './routes/sentry';
import { statsRouter } from './routes/stats';
import { sessionRouter, signInRouter } from './routes/session';
import { teamRouter } from './routes/team';

/** Requests a minute; 0 is no limit. */
export interface RateLimits {
  /** Per client IP: reads, admin calls, failed authentication. */
  readonly perIp: number;
  /** Per key (or DSN project): authenticated ingest, instead of the per-IP budget. */
  readonly ingest: number;
  /** Per key: stats and trends, on top of the per-IP budget. */
  readonly analytics: number;
  /** Per key: every other authenticated route, on top of the per-IP budget. */
  readonly other: number;
}

export interface AppDeps {
  readonly apiKey: string;
  readonly maxBodyBytes: number;
  readonly trustProxy: boolean;
  readonly corsOrigins: readonly string[];
  readonly rateLimits: RateLimits;
  /** Base URL in DSNs and invitation links; when unset, taken from each request. */
  readonly publicUrl?: string;
  /** How long a channel test waits for a notifier (default 15 s). */
  readonly integrationTestWaitMs?: number;
  /** The alert mail transport, for invitations; undefined when none is configured. */
  readonly mailer?: MailSender;
  readonly mask: MaskOptions;
  readonly db: Db;
  /** DATABASE_READ_URL: `db` is this routing's, and read routes query the replica through it. */
  readonly readRouting?: ReadRouting;
  /** Fail-fast connection for the cache and the rate limiter. */
  readonly redis: RedisClient;
  readonly redisPrefix: string;
  readonly queue: EventQueue;
  readonly readiness: readonly ReadinessCheck[];
  readonly logger: Logger;
  /** MONITORING_SAMPLE_INTERVAL_MS: the slot the monitoring routes count uptime in. */
  readonly monitoringSampleIntervalMs?: number;
  /** The replica's reader of the `new-errors` stream for GET /api/events (made here when not given). */
  readonly live?: NewErrorsFeed;
  /** Bytes of ingest bodies held at once (default: a share of the heap limit); past it, 503 with Retry-After. */
  readonly inFlightBodyBytes?: number;
}

/** The API's request listener: the ingest fast path, then Express for everything else. */
export function createApp(deps: AppDeps): RequestListener {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.set('etag', false);

  app.use(measureRequests);
  app.use(requestLog(deps.logger));
  app.use(cors(deps.corsOrigins));

  const { rateLimits } = deps;
  const counter = new HitCounter(deps.redis, deps.redisPrefix);
  const limit = (budgets: (req: Request, res: Response) => Budget[], sentryHeaders = false): RequestHandler =>
    rateLimit({ counter, budgets, sentryHeaders });
  const perIp = (req: Request): Budget => ({
    name: `ip:${req.ip ?? 'unknown'}`,
    perMinute: rateLimits.perIp,
    holder: 'from this address',
  });
  const keyBudget = (caller: Caller, perMinute: number): Budget => ({
    name: `key:${caller.keyId ?? 'bootstrap'}`,
    perMinute,
    holder: 'for this API key',
  });
  const perKey = (res: Response, perMinute: number): Budget[] => {
    const caller = callerOf(res);
    return caller ? [keyBudget(caller, perMinute)] : [];
  };
  const isAnalytics = (req: Request) => req.path === '/stats' || req.path.startsWith('/analytics/');

  // Authenticated ingest is counted per key; an unknown or missing key per address (brute force).
  const resolver = new KeyResolver(deps.db, sha256(deps.apiKey));
  const isBrowserIngest = (req: Request): boolean => req.method === 'POST' && req.baseUrl + req.path === '/api/errors';
  const bodies = new BodyBudget(deps.inFlightBodyBytes ?? defaultBodyBudgetBytes());
  const ingestGuards = (maxBytes: number): RequestHandler[] => [
    identify(resolver, { allowQueryKey: isBrowserIngest }),
    limit((req, res) => (callerOf(res) ? perKey(res, rateLimits.ingest) : [perIp(req)])),
    requireCaller,
    requireJsonContentType,
    bodies.reserve(maxBytes, 'parser'),
    parseJsonBody(maxBytes),
  ];

  // The hot path first: ingest is matched before any other router is consulted.
  app.use(
    ingestRouter({
      queue: deps.queue,
      mask: deps.mask,
      guards: ingestGuards(deps.maxBodyBytes),
      batchGuards: ingestGuards(BATCH_MAX_BYTES),
    }),
  );
  app.use(healthRouter(deps.readiness));
  // Sentry SDKs authenticate with their DSN key and send raw (often compressed) bodies; counted per project.
  app.use(
    sentryIngestRouter({
      db: deps.db,
      queue: deps.queue,
      mask: deps.mask,
      bodies,
      rateLimit: limit((req, res) => {
        const project = res.locals.project as { id: number } | undefined;
        return project
          ? [{ name: `project:${project.id}`, perMinute: rateLimits.ingest, holder: 'for this project' }]
          : [perIp(req)];
      }, true),
    }),
  );
  const team = teamRouter({ db: deps.db, mailer: deps.mailer, publicUrl: deps.publicUrl, logger: deps.logger });
  // Accepting an invitation is the one /api call made without a key: the token is the credential.
  app.post(
    '/api/settings/team/accept',
    limit((req) => [perIp(req)]),
    requireJsonContentType,
    parseJsonBody(deps.maxBodyBytes),
    team,
  );
  const replica = deps.readRouting && replicaReads(deps.readRouting, deps.redis, deps.redisPrefix);
  // Signing in presents the key itself; signing out works with a dead session: both before the chain.
  const perIpBody = [limit((req) => [perIp(req)]), requireJsonContentType, parseJsonBody(deps.maxBodyBytes)];
  app.use(signInRouter({ db: deps.db, resolver, guards: perIpBody }));
  app.use(
    '/api',
    identify(resolver, { sessions: new SessionStore(deps.db) }),
    limit((req, res) => [perIp(req), ...perKey(res, isAnalytics(req) ? rateLimits.analytics : rateLimits.other)]),
    requireCaller,
    requireCsrf,
    requireJsonContentType,
    parseJsonBody(deps.maxBodyBytes),
    ...(replica ? [replica.route] : []),
  );

  const cache = new ReadCache(deps.redis, deps.redisPrefix, replica?.cacheFence);
  app.get('/api/openapi.json', permit('read'), (_req, res) => {
    res.json(openApiDocument);
  });
  app.use(groupsReadRouter(deps.db, cache));
  app.use(groupsStateRouter(deps.db, cache));
  app.use(groupsTriageRouter(deps.db, cache));
  app.use(eventsRouter(deps.live ?? new NewErrorsFeed(deps.redis, newErrorsStreamKey(deps.redisPrefix))));
  app.use(projectsRouter({ db: deps.db, publicUrl: deps.publicUrl }));
  app.use(statsRouter(deps.db, cache));
  app.use(apiKeysRouter(deps.db));
  app.use(team);
  app.use(auditLogRouter(deps.db));
  app.use(alertsRouter(deps.db));
  app.use(
    monitoringRouter({
      db: deps.db,
      redis: deps.redis,
      redisPrefix: deps.redisPrefix,
      cache,
      sampleIntervalMs: deps.monitoringSampleIntervalMs ?? DEFAULT_SAMPLE_INTERVAL_MS,
      onPrimary: deps.readRouting?.onPrimary,
    }),
  );
  app.use(integrationsRouter(deps.db, deps.integrationTestWaitMs));

  app.use(sessionRouter());
  app.use(dashboard(findDashboardFiles()));

  app.use(notFound);
  app.use(errorHandler(deps.logger));
  return withIngestFastPath(
    {
      queue: deps.queue,
      mask: deps.mask,
      resolver,
      bodies,
      maxBodyBytes: deps.maxBodyBytes,
      trustProxy: deps.trustProxy,
      ...(rateLimits.ingest > 0 && {
        chargeIngest: (caller: Caller) => chargeBudgets({ counter }, [keyBudget(caller, rateLimits.ingest)]),
      }),
      logger: deps.logger,
    },
    app,
  );
}
