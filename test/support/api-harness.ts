import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { createDb } from '@error-tracker/runtime/postgres';
import { createLogger } from '@error-tracker/runtime/logger';
import { createRedis } from '@error-tracker/runtime/redis';
import { type Db } from '@error-tracker/contracts/db/schema';
import type { MailSender } from '@error-tracker/runtime/mail/mail-sender';
import { createApp, type RateLimits } from '../../services/api/src/app';
import { answerClientErrors } from '../../services/api/src/http/client-error';
import { EventQueue } from '../../services/api/src/ingest/event-queue';
import { redisUrl } from './redis-prefix';
import { type Sandbox } from './sandbox';
import { TEST_API_KEY } from './test-config';

export interface ApiHarness {
  readonly base: string;
  /** The API's own connection pool on the sandbox's database: what it runs is in `queries`. */
  readonly db: Db;
  /** Every SQL statement the API ran, in order. */
  readonly queries: string[];
  /** The parameters of each of `queries`, at the same index. */
  readonly parameters: (readonly unknown[])[];
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  send(method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  readonly redisUrl?: string;
  /** Per-IP budget (RATE_LIMIT_PER_MINUTE); 0, the default, is no limit. */
  readonly rateLimitPerMinute?: number;
  /** Per-key budgets; each 0 (no limit) unless given. */
  readonly keyRateLimits?: Partial<Omit<RateLimits, 'perIp'>>;
  readonly trustProxy?: boolean;
  /** The mail transport invitations go through. */
  readonly mailer?: MailSender;
  readonly publicUrl?: string;
  /** Bytes of ingest bodies the API holds at once (AppDeps.inFlightBodyBytes). */
  readonly inFlightBodyBytes?: number;
}

/** The API app in this process, on the sandbox's database and Redis prefix, with its queries recorded; closed with the sandbox. */
export async function startApiHarness(sandbox: Sandbox, options: HarnessOptions = {}): Promise<ApiHarness> {
  const queries: string[] = [];
  const parameters: (readonly unknown[])[] = [];
  const db = createDb(sandbox.database.url, {
    onQuery: (sql, values) => {
      queries.push(sql);
      parameters.push(values);
    },
  });
  const redis = createRedis(options.redisUrl ?? redisUrl(), 'producer', 'test-api');
  const events: Redis[] = [];
  const queue = new EventQueue(redis, sandbox.redisPrefix, () => {
    const connection = new Redis(options.redisUrl ?? redisUrl(), { maxRetriesPerRequest: null });
    events.push(connection);
    return connection;
  });
  if (options.redisUrl === undefined) await new Promise((resolve) => redis.once('ready', resolve));
  const app = createApp({
    apiKey: TEST_API_KEY,
    maxBodyBytes: 262_144,
    trustProxy: options.trustProxy ?? false,
    corsOrigins: ['*'],
    rateLimits: { perIp: options.rateLimitPerMinute ?? 0, ingest: 0, analytics: 0, other: 0, ...options.keyRateLimits },
    mailer: options.mailer,
    // No notifier runs beside the harness: a channel test answers 202 (queued) quickly.
    integrationTestWaitMs: 200,
    publicUrl: options.publicUrl,
    inFlightBodyBytes: options.inFlightBodyBytes,
    mask: { keys: ['password'], maskWith: '***' },
    db,
    redis,
    redisPrefix: sandbox.redisPrefix,
    queue,
    readiness: [],
    logger: createLogger('silent', 'test'),
  });
  const server: Server = createServer(app);
  answerClientErrors(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const headers = { 'x-api-key': TEST_API_KEY };

  const harness: ApiHarness = {
    base,
    db,
    queries,
    parameters,
    get: (path, extra = {}) => fetch(`${base}${path}`, { headers: { ...headers, ...extra } }),
    send: (method, path, body) =>
      fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await queue.close();
      redis.disconnect();
      for (const connection of events) connection.disconnect();
      await db.destroy();
    },
  };
  return sandbox.stopAfter(harness);
}
