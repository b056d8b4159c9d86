import { userInfo } from 'node:os';
import { ConfigError, loadConfig } from '@error-tracker/runtime/config/load-config';

const valid = { API_KEY: 'a-long-enough-key' };

function problemsOf(env: Record<string, string>, requireApiKey = true): string[] {
  try {
    loadConfig(env, { requireApiKey });
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(valid, { requireApiKey: true });
    expect(config).toMatchObject({
      databaseUrl: `postgres://${userInfo().username}@localhost:5432/error_tracker`,
      redisUrl: 'redis://127.0.0.1:6379',
      port: 5010,
      metricsPort: 9464,
      logLevel: 'info',
      retentionDays: 90,
      rateLimitPerMinute: 100,
      keyRateLimits: { ingest: 1_000, analytics: 100, other: 500 },
      maxBodyBytes: 262_144,
      trustProxy: false,
      maskWith: '**************',
      corsOrigins: ['*'],
      alertEmails: [],
      groupingStrategy: 'line',
      alertFromEmail: 'error-tracker@localhost',
    });
    expect(config.maskedKeys).toEqual(['password', 'secret', 'token', 'authorization', 'cookie', 'api_key']);
  });

  it('refuses to start a client-facing role without API_KEY, naming it', () => {
    expect(problemsOf({})).toEqual([expect.stringMatching(/^API_KEY: required/)]);
  });

  it('lets workers start without API_KEY', () => {
    expect(loadConfig({}, { requireApiKey: false }).apiKey).toBeUndefined();
  });

  it('names a malformed URL', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: 'not a url' })).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
    expect(problemsOf({ ...valid, REDIS_URL: 'http://localhost' })).toEqual([expect.stringMatching(/^REDIS_URL: /)]);
  });

  it('lists every bad variable at once', () => {
    const problems = problemsOf({
      ...valid,
      PORT: 'eighty',
      LOG_LEVEL: 'loud',
      TRUST_PROXY: 'maybe',
      RATE_LIMIT_PER_MINUTE: '-1',
      ALERT_EMAILS: 'ops@example.com,not-an-email',
      GROUPING_STRATEGY: 'magic',
    });
    const names = problems.map((problem) => problem.split(/[:.]/)[0]);
    expect(names.sort()).toEqual(
      ['ALERT_EMAILS', 'GROUPING_STRATEGY', 'LOG_LEVEL', 'PORT', 'RATE_LIMIT_PER_MINUTE', 'TRUST_PROXY'].sort(),
    );
  });

  it('parses lists, booleans and numbers, and returns a frozen object', () => {
    const config = loadConfig(
      {
        ...valid,
        ALERT_EMAILS: ' a@example.com , b@example.com ',
        TRUST_PROXY: 'true',
        MASKED_KEYS: 'Password,SSN',
        PORT: '8080',
      },
      { requireApiKey: true },
    );
    expect(config.alertEmails).toEqual(['a@example.com', 'b@example.com']);
    expect(config.trustProxy).toBe(true);
    expect(config.maskedKeys).toEqual(['password', 'ssn']);
    expect(config.port).toBe(8080);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.ingest)).toBe(true);
    expect(Object.isFrozen(config.alertEmails)).toBe(true);
  });

  it('connects without DATABASE_URL as the role psql would use, with postgres as the fallback', () => {
    const guessed = loadConfig(valid, { requireApiKey: true });
    if (userInfo().username === 'postgres') {
      expect(guessed.databaseFallbackUrl).toBeUndefined();
    } else {
      expect(guessed.databaseFallbackUrl).toBe('postgres://postgres@localhost:5432/error_tracker');
    }
    const named = loadConfig({ ...valid, PGUSER: 'app user' }, { requireApiKey: true });
    expect(named.databaseUrl).toBe('postgres://app%20user@localhost:5432/error_tracker');
    expect(named.databaseFallbackUrl).toBeUndefined();
    const given = loadConfig({ ...valid, DATABASE_URL: 'postgres://db.internal/errors' }, { requireApiKey: true });
    expect(given.databaseUrl).toBe('postgres://db.internal/errors');
    expect(given.databaseFallbackUrl).toBeUndefined();
  });

  it('reads from DATABASE_READ_URL when it is set, else from DATABASE_URL (undefined)', () => {
    expect(loadConfig(valid, { requireApiKey: true }).databaseReadUrl).toBeUndefined();
    const replica = 'postgres://reader@replica.internal:5432/errors';
    expect(loadConfig({ ...valid, DATABASE_READ_URL: replica }, { requireApiKey: true }).databaseReadUrl).toBe(replica);
    expect(problemsOf({ ...valid, DATABASE_READ_URL: 'mysql://replica/errors' })).toEqual([
      expect.stringMatching(/^DATABASE_READ_URL: must be a URL starting with postgres:/),
    ]);
  });

  it('takes POSTMARK_FROM_EMAIL as the alert sender of any transport, before ALERT_FROM_EMAIL', () => {
    const smtp = { ...valid, SMTP_URL: 'smtp://127.0.0.1:2525' };
    expect(loadConfig({ ...smtp, POSTMARK_FROM_EMAIL: 'alerts@example.com' }).alertFromEmail).toBe('alerts@example.com');
    expect(loadConfig({ ...smtp, ALERT_FROM_EMAIL: 'ops@example.com' }).alertFromEmail).toBe('ops@example.com');
    const both = loadConfig({ ...smtp, POSTMARK_FROM_EMAIL: 'alerts@example.com', ALERT_FROM_EMAIL: 'ops@example.com' });
    expect(both.alertFromEmail).toBe('alerts@example.com');
    expect(both.postmark).toBeUndefined();
  });

  it('sends through Postmark from ALERT_FROM_EMAIL when POSTMARK_FROM_EMAIL is unset', () => {
    const config = loadConfig({ ...valid, POSTMARK_API_TOKEN: 'token', ALERT_FROM_EMAIL: 'ops@example.com' });
    expect(config.postmark).toEqual({ apiToken: 'token', apiUrl: 'https://api.postmarkapp.com' });
    expect(config.alertFromEmail).toBe('ops@example.com');
  });

  it('refuses a Postmark token without any sender, with the other bad variables', () => {
    const problems = problemsOf({ ...valid, POSTMARK_API_TOKEN: 'token', PORT: 'eighty' });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['PORT', 'POSTMARK_API_TOKEN']);
    expect(problems.join('\n')).toContain('set POSTMARK_FROM_EMAIL (or ALERT_FROM_EMAIL)');
  });

  it('wants a bootstrap key of 16 characters or more in production, and says so with the other problems', () => {
    const problems = problemsOf({ API_KEY: 'short-key-12', NODE_ENV: 'production', PORT: 'eighty' });
    expect(problems.map((problem) => problem.split(':')[0]).sort()).toEqual(['API_KEY', 'PORT']);
    expect(problems.join('\n')).toContain('at least 16 characters when NODE_ENV=production');
    expect(loadConfig({ API_KEY: 'short-key-12' }).apiKey).toBe('short-key-12');
    expect(loadConfig({ API_KEY: 'sixteen-chars-ok', NODE_ENV: 'production' }).apiKey).toBe('sixteen-chars-ok');
  });

  it('takes the per-key rate limits, 0 turning one off', () => {
    const config = loadConfig({
      ...valid,
      KEY_RATE_LIMIT_INGEST: '5000',
      KEY_RATE_LIMIT_ANALYTICS: '0',
      KEY_RATE_LIMIT_DEFAULT: '42',
    });
    expect(config.keyRateLimits).toEqual({ ingest: 5_000, analytics: 0, other: 42 });
    expect(problemsOf({ ...valid, KEY_RATE_LIMIT_INGEST: '-1' }).map((p) => p.split(':')[0])).toEqual(['KEY_RATE_LIMIT_INGEST']);
  });

  it('takes a Redis Cluster in REDIS_URL and INGEST_SHARDS, wanting a hash-tagged prefix on a cluster', () => {
    expect(loadConfig(valid).ingest.shards).toBe(1);
    const cluster = { ...valid, REDIS_URL: 'redis+cluster://10.0.0.1:7000,10.0.0.2:7000', INGEST_SHARDS: '6' };
    expect(loadConfig(cluster)).toMatchObject({ redisUrl: cluster.REDIS_URL, ingest: { shards: 6 } });
    expect(
      problemsOf({ ...cluster, REDIS_PREFIX: 'et', INGEST_SHARDS: '0' })
        .map((p) => p.split(':')[0])
        .sort(),
    ).toEqual(['INGEST_SHARDS', 'REDIS_PREFIX']);
    expect(problemsOf({ ...valid, REDIS_URL: 'redis+cluster://10.0.0.1' })).toEqual([
      expect.stringMatching(/^REDIS_URL: "10.0.0.1" is not host:port/),
    ]);
    // One Redis takes any prefix.
    expect(loadConfig({ ...valid, REDIS_PREFIX: 'et', INGEST_SHARDS: '3' }).redisPrefix).toBe('et');
  });

  it('treats blank variables as unset', () => {
    expect(loadConfig({ ...valid, SMTP_URL: '', PORT: ' ' }, { requireApiKey: true }).port).toBe(5010);
  });
});
