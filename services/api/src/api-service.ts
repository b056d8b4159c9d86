import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { newErrorsStreamKey } from '@error-tracker/contracts/redis-keys';
import { type Config } from '@error-tracker/runtime/config/load-config';
import { closeInOrder, type Service } from '@error-tracker/runtime/shutdown';
import { closeRedis, createRedis, waitForRedis } from '@error-tracker/runtime/redis';
import { createDb } from '@error-tracker/runtime/postgres';
import { createReadRouting } from '@error-tracker/runtime/read-replica';
import { type Logger } from '@error-tracker/runtime/logger';
import { createMailSender } from '@error-tracker/runtime/mail/mail-sender';
import { createApp } from './app';
import { trackConnections } from './http/connection-metrics';
import { answerClientErrors } from './http/client-error';
import { EventQueue } from './ingest/event-queue';
import { NewErrorsFeed } from './live/new-errors-feed';
import { EventSpool } from './spool/event-spool';

const MAIL_TIMEOUT_MS = 10_000;
const SPOOL_REPLAY_MS = 1_000;

export interface ApiService extends Service {
  /** The port actually bound (useful with PORT=0). */
  readonly port: number;
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startApi(config: Config, logger: Logger): Promise<ApiService> {
  if (config.apiKey === undefined) throw new Error('API_KEY is required for the api role');
  const readRouting =
    config.databaseReadUrl === undefined
      ? undefined
      : createReadRouting(config.databaseUrl, config.databaseReadUrl, {
          applicationName: 'error-tracker-api',
          onReplicaDown: (error) => logger.warn({ err: error }, 'read replica unreachable: reads go to the primary'),
        });
  const db = readRouting?.db ?? createDb(config.databaseUrl, { applicationName: 'error-tracker-api' });
  const redis = createRedis(config.redisUrl, 'producer', 'et-api');
  const blockingRedis: ReturnType<typeof createRedis>[] = [];
  const spool = config.spool.maxBytes > 0 ? await EventSpool.open(config.spool.dir, config.spool.maxBytes) : undefined;
  const queue = new EventQueue(
    redis,
    config.redisPrefix,
    () => {
      const connection = createRedis(config.redisUrl, 'worker', 'et-api-events');
      blockingRedis.push(connection);
      return connection;
    },
    spool,
    config.ingest.shards,
  );
  queue.startReplay(SPOOL_REPLAY_MS, (error) => logger.warn({ err: error }, 'spool replay failed; retrying'));
  if (spool && spool.size > 0)
    logger.warn({ bytes: spool.size, dir: config.spool.dir }, 'events left in the spool by an earlier run: replaying them');

  const mailer = createMailSender(config, MAIL_TIMEOUT_MS);
  // Ended first on stop: open event streams would otherwise hold the server open.
  const live = new NewErrorsFeed(redis, newErrorsStreamKey(config.redisPrefix));
  const app = createApp({
    apiKey: config.apiKey,
    maxBodyBytes: config.maxBodyBytes,
    trustProxy: config.trustProxy,
    corsOrigins: config.corsOrigins,
    rateLimits: { perIp: config.rateLimitPerMinute, ...config.keyRateLimits },
    mailer,
    publicUrl: config.publicUrl,
    db,
    readRouting,
    redis,
    redisPrefix: config.redisPrefix,
    mask: { keys: config.maskedKeys, maskWith: config.maskWith },
    queue,
    logger,
    monitoringSampleIntervalMs: config.monitoringSampleIntervalMs,
    live,
    readiness: [
      { name: 'postgres', check: async () => void (await sql`SELECT 1`.execute(db)) },
      {
        name: 'redis',
        // With a spool, Redis being away does not stop ingest: the API says it is spooling and stays ready.
        check: async () => {
          try {
            await queue.ping();
            return queue.spooling ? 'ok, replaying the spool' : undefined;
          } catch (error) {
            if (spool) return 'unavailable: spooling';
            throw error;
          }
        },
      },
    ],
  });

  // Listening before Redis is ready would let the first requests past the rate limiter and the
  // cache; but Redis being down must not keep the API from serving reads, so the wait is bounded.
  await waitForRedis(redis, 5_000).catch(() => logger.warn('Redis not ready; starting without it'));
  // Slow clients (slowloris) get a 408 and lose the connection instead of holding it for minutes;
  // Node looks for them every connectionsCheckingInterval (30 s unless set).
  const server = createServer(
    {
      headersTimeout: config.httpHeadersTimeoutMs,
      requestTimeout: config.httpRequestTimeoutMs,
      connectionsCheckingInterval: Math.min(1_000, Math.floor(config.httpHeadersTimeoutMs / 2)),
    },
    app,
  );
  server.keepAliveTimeout = 65_000;
  answerClientErrors(server);
  trackConnections(server);
  await listen(server, config.port, config.host);
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, 'api listening');

  return {
    name: 'api',
    port,
    stop: () =>
      closeInOrder([
        () => Promise.resolve(live.close()),
        () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeIdleConnections();
          }),
        () => queue.close(),
        () => Promise.all([redis, ...blockingRedis].map(closeRedis)),
        () => db.destroy(),
        () => Promise.resolve(mailer?.close()),
      ]),
  };
}
