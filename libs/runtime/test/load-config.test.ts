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
      databaseUrl: 'postgres://localhost:5432/error_tracker',
      redisUrl: 'redis://127.0.0.1:6379',
      port: 5010,
      metricsPort: 9464,
      logLevel: 'info',
      retentionDays: 90,
      rateLimitPerMinute: 100,
      maxBodyBytes: 262_144,
      trustProxy: false,
      maskWith: '**************',
      corsOrigins: ['*'],
      alertEmails: [],
      groupingStrategy: 'line',
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
      { ...valid, ALERT_EMAILS: ' a@example.com , b@example.com ', TRUST_PROXY: 'true', MASKED_KEYS: 'Password,SSN', PORT: '8080' },
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

  it('treats blank variables as unset', () => {
    expect(loadConfig({ ...valid, SMTP_URL: '', PORT: ' ' }, { requireApiKey: true }).port).toBe(5010);
  });
});
