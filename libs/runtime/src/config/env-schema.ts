import { z } from 'zod';
import { DEFAULT_SAMPLE_INTERVAL_MS } from '@error-tracker/contracts/monitoring';
import { parseRedisUrl } from './redis-endpoint';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const csv = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((value) =>
      value
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item.length > 0),
    );

const bool = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
    .default(fallback)
    .transform((value) => value === 'true' || value === '1' || value === 'yes');

const int = (fallback: number, min: number, max: number) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`)
    .default(fallback);

const url = (protocols: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    `must be a URL starting with ${protocols.join(' or ')}//`,
  );

const email = z.email('must be an email address');

/** Every environment variable the services read, with its default (the README's configuration table). */
export const envSchema = z.object({
  API_KEY: z.string().min(8, 'must be at least 8 characters').optional(),
  DATABASE_URL: url(['postgres:', 'postgresql:']).optional(),
  DATABASE_READ_URL: url(['postgres:', 'postgresql:']).optional(),
  PGUSER: z.string().optional(),
  REDIS_URL: z
    .string()
    .default('redis://127.0.0.1:6379')
    .superRefine((value, ctx) => {
      try {
        parseRedisUrl(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      }
    }),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:{}_-]{1,64}$/, 'letters, digits, : { } _ - only')
    .default('{et}'),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_URL: url(['http:', 'https:']).optional(),
  PORT: int(5010, 0, 65535),
  METRICS_PORT: int(9464, 0, 65535),
  LOG_LEVEL: z.enum(LOG_LEVELS, { message: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  RETENTION_DAYS: int(90, 1, 36500),
  POSTMARK_API_TOKEN: z.string().min(1).optional(),
  POSTMARK_FROM_EMAIL: email.optional(),
  POSTMARK_API_URL: url(['http:', 'https:']).default('https://api.postmarkapp.com'),
  SMTP_URL: url(['smtp:', 'smtps:']).optional(),
  ALERT_EMAILS: csv('').pipe(z.array(email)),
  ALERT_FROM_EMAIL: email.optional(),
  ALERT_DIGEST_THRESHOLD: int(10, 1, 10_000),
  NOTIFIER_CLAIM_IDLE_MS: int(60_000, 1_000, 86_400_000),
  ALERT_EVALUATION_INTERVAL_MS: int(15_000, 200, 30_000),
  ALLOW_PRIVATE_WEBHOOKS: bool('false'),
  RATE_LIMIT_PER_MINUTE: int(100, 0, 10_000_000),
  KEY_RATE_LIMIT_INGEST: int(1_000, 0, 10_000_000),
  KEY_RATE_LIMIT_ANALYTICS: int(100, 0, 10_000_000),
  KEY_RATE_LIMIT_DEFAULT: int(500, 0, 10_000_000),
  MAX_BODY_BYTES: int(262_144, 1024, 64 * 1024 * 1024),
  SPOOL_DIR: z.string().min(1).optional(),
  SPOOL_MAX_BYTES: int(1024 * 1024 * 1024, 0, 1024 * 1024 * 1024 * 1024),
  HTTP_HEADERS_TIMEOUT_MS: int(10_000, 100, 120_000),
  HTTP_REQUEST_TIMEOUT_MS: int(60_000, 1_000, 600_000),
  TRUST_PROXY: bool('false'),
  MASKED_KEYS: csv('password,secret,token,authorization,cookie,api_key').transform((keys) =>
    keys.map((key) => key.toLowerCase()),
  ),
  MASK_WITH: z.string().default('**************'),
  CORS_ORIGINS: csv('*'),
  GROUPING_STRATEGY: z.enum(['line', 'function'], { message: 'must be line or function' }).default('line'),
  INGEST_BATCH_SIZE: int(500, 1, 10_000),
  // 50 rather than 10: at a few thousand events/s a batch then holds ~5x more events, which cost the
  // worker and PostgreSQL less each (end to end 5-13% more committed, README Performance); an event
  // reaches PostgreSQL at most 40 ms later.
  INGEST_BATCH_TIMEOUT_MS: int(50, 0, 60_000),
  INGEST_CONCURRENCY: int(1000, 1, 100_000),
  INGEST_LOCK_MS: int(6_000, 1000, 600_000),
  INGEST_SHARDS: int(1, 1, 256),
  SHUTDOWN_TIMEOUT_MS: int(25_000, 100, 600_000),
  MONITORING_SAMPLE_INTERVAL_MS: int(DEFAULT_SAMPLE_INTERVAL_MS, 1_000, 3_600_000),
});

export type Env = z.infer<typeof envSchema>;
