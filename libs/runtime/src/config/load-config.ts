import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashTagSpan } from '@error-tracker/contracts/ingest-shards';
import { defaultDatabaseUrls } from './default-database';
import { envSchema } from './env-schema';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly apiKey: string | undefined;
  readonly databaseUrl: string;
  /** Only when DATABASE_URL is unset and its role was guessed: the postgres role's URL, if the server has no such role. */
  readonly databaseFallbackUrl: string | undefined;
  /** DATABASE_READ_URL: a streaming replica the API's read routes query; undefined: they query databaseUrl. */
  readonly databaseReadUrl: string | undefined;
  readonly redisUrl: string;
  /** Every Redis key starts with it; the braces make it a Redis Cluster hash tag. */
  readonly redisPrefix: string;
  readonly host: string;
  readonly port: number;
  /** Where SDKs reach the API (the base of DSNs); unset: taken from each request's Host. */
  readonly publicUrl: string | undefined;
  readonly metricsPort: number;
  readonly logLevel: LogLevel;
  readonly retentionDays: number;
  readonly postmark: { readonly apiToken: string; readonly apiUrl: string } | undefined;
  readonly smtpUrl: string | undefined;
  readonly alertEmails: readonly string[];
  /** The From of every alert, whatever the transport: POSTMARK_FROM_EMAIL, else ALERT_FROM_EMAIL. */
  readonly alertFromEmail: string;
  readonly alertDigestThreshold: number;
  /** A stream entry pending this long with another notifier is taken over (XAUTOCLAIM). */
  readonly notifierClaimIdleMs: number;
  /** Threshold rules are evaluated this often, by one notifier at a time (at most 30 s). */
  readonly alertEvaluationIntervalMs: number;
  /** Webhook-style channels may target private and loopback addresses (off: SSRF guard). */
  readonly allowPrivateWebhooks: boolean;
  /** Per client IP: reads, admin calls and failed authentication. */
  readonly rateLimitPerMinute: number;
  /** Per API key (or DSN project for Sentry SDKs), shared by every replica; 0 turns one off. */
  readonly keyRateLimits: { readonly ingest: number; readonly analytics: number; readonly other: number };
  readonly maxBodyBytes: number;
  /** Where the API spools events while Redis is away, and how much it may hold there (0: no spool, 503 instead). */
  readonly spool: { readonly dir: string; readonly maxBytes: number };
  /** A client must send its request headers within this, and the whole request within the next. */
  readonly httpHeadersTimeoutMs: number;
  readonly httpRequestTimeoutMs: number;
  readonly trustProxy: boolean;
  readonly maskedKeys: readonly string[];
  readonly maskWith: string;
  readonly corsOrigins: readonly string[];
  readonly groupingStrategy: 'line' | 'function';
  readonly ingest: {
    readonly batchSize: number;
    readonly batchTimeoutMs: number;
    readonly concurrency: number;
    readonly lockMs: number;
    /** Queues the API spreads events over (hash of the event id); every worker drains all of them. */
    readonly shards: number;
  };
  readonly shutdownTimeoutMs: number;
  /** Every role process records a monitoring sample this often; the API counts uptime in slots this long. */
  readonly monitoringSampleIntervalMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Roles that authenticate clients (api, all) cannot start without API_KEY. */
  readonly requireApiKey?: boolean;
}

type EnvSource = Readonly<Record<string, string | undefined>>;

function withoutBlanks(env: EnvSource): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value.trim() !== '') result[key] = value;
  }
  return result;
}

/** Parses the environment once; throws a ConfigError naming every bad variable. */
export function loadConfig(env: EnvSource = process.env, options: LoadConfigOptions = {}): Config {
  const set = withoutBlanks(env);
  const parsed = envSchema.safeParse(set);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)),
    ...missingSettings(set, options),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const database =
    e.DATABASE_URL === undefined
      ? defaultDatabaseUrls(e.PGUSER)
      : { databaseUrl: e.DATABASE_URL, databaseFallbackUrl: undefined };

  return deepFreeze<Config>({
    apiKey: e.API_KEY,
    ...database,
    databaseReadUrl: e.DATABASE_READ_URL,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    host: e.HOST,
    port: e.PORT,
    publicUrl: e.PUBLIC_URL,
    metricsPort: e.METRICS_PORT,
    logLevel: e.LOG_LEVEL,
    retentionDays: e.RETENTION_DAYS,
    postmark: e.POSTMARK_API_TOKEN ? { apiToken: e.POSTMARK_API_TOKEN, apiUrl: e.POSTMARK_API_URL } : undefined,
    smtpUrl: e.SMTP_URL,
    alertEmails: e.ALERT_EMAILS,
    // The sender of every transport; POSTMARK_FROM_EMAIL wins, so a Postmark setup keeps its registered sender.
    alertFromEmail: e.POSTMARK_FROM_EMAIL ?? e.ALERT_FROM_EMAIL ?? DEFAULT_ALERT_FROM,
    alertDigestThreshold: e.ALERT_DIGEST_THRESHOLD,
    notifierClaimIdleMs: e.NOTIFIER_CLAIM_IDLE_MS,
    alertEvaluationIntervalMs: e.ALERT_EVALUATION_INTERVAL_MS,
    allowPrivateWebhooks: e.ALLOW_PRIVATE_WEBHOOKS,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    keyRateLimits: { ingest: e.KEY_RATE_LIMIT_INGEST, analytics: e.KEY_RATE_LIMIT_ANALYTICS, other: e.KEY_RATE_LIMIT_DEFAULT },
    maxBodyBytes: e.MAX_BODY_BYTES,
    // One directory per queue (prefix): replicas of one installation on a host share it, others never do.
    spool: {
      dir: e.SPOOL_DIR ?? join(tmpdir(), `error-tracker-spool-${e.REDIS_PREFIX.replace(/[^A-Za-z0-9_-]/g, '_')}`),
      maxBytes: e.SPOOL_MAX_BYTES,
    },
    httpHeadersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
    httpRequestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    trustProxy: e.TRUST_PROXY,
    maskedKeys: e.MASKED_KEYS,
    maskWith: e.MASK_WITH,
    corsOrigins: e.CORS_ORIGINS,
    groupingStrategy: e.GROUPING_STRATEGY,
    ingest: {
      batchSize: e.INGEST_BATCH_SIZE,
      batchTimeoutMs: e.INGEST_BATCH_TIMEOUT_MS,
      concurrency: e.INGEST_CONCURRENCY,
      lockMs: e.INGEST_LOCK_MS,
      shards: e.INGEST_SHARDS,
    },
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    monitoringSampleIntervalMs: e.MONITORING_SAMPLE_INTERVAL_MS,
  });
}

/** Variables that are required by others, checked by presence so they are listed with the malformed ones. */
function missingSettings(set: Readonly<Record<string, string>>, options: LoadConfigOptions): string[] {
  const problems: string[] = [];
  if (options.requireApiKey && set.API_KEY === undefined) {
    problems.push('API_KEY: required (the bootstrap owner key clients send in X-API-Key)');
  }
  if (set.NODE_ENV === 'production' && set.API_KEY !== undefined && set.API_KEY.length < PRODUCTION_KEY_LENGTH) {
    problems.push(`API_KEY: must be at least ${PRODUCTION_KEY_LENGTH} characters when NODE_ENV=production (it opens everything)`);
  }
  if (
    set.REDIS_PREFIX !== undefined &&
    hashTagSpan(set.REDIS_PREFIX) === undefined &&
    /^rediss?\+cluster:/i.test(set.REDIS_URL ?? '')
  ) {
    // BullMQ's scripts touch several keys of a queue at once: on a cluster they must share a slot.
    problems.push('REDIS_PREFIX: must hold a hash tag ({…}) on a Redis Cluster, e.g. {et-prod}');
  }
  if (set.POSTMARK_API_TOKEN !== undefined && set.POSTMARK_FROM_EMAIL === undefined && set.ALERT_FROM_EMAIL === undefined) {
    // Postmark only sends from a sender signature registered with it; the built-in default is none.
    problems.push('POSTMARK_API_TOKEN: Postmark needs a registered sender: set POSTMARK_FROM_EMAIL (or ALERT_FROM_EMAIL)');
  }
  return problems;
}

const DEFAULT_ALERT_FROM = 'error-tracker@localhost';
const PRODUCTION_KEY_LENGTH = 16;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
