import { type Config, loadConfig } from '@error-tracker/runtime/config/load-config';
import { redisUrl } from './redis-prefix';

export const TEST_API_KEY = 'test-api-key-0123456789';

/** Environment for a role under test: its own database and Redis prefix, quiet logs. */
export function testEnv(
  databaseUrl: string,
  redisPrefix: string,
  overrides: Record<string, string> = {},
): Record<string, string> {
  return {
    API_KEY: TEST_API_KEY,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl(),
    REDIS_PREFIX: redisPrefix,
    HOST: '127.0.0.1',
    PORT: '0',
    METRICS_PORT: '0',
    LOG_LEVEL: 'silent',
    ...overrides,
  };
}

export function testConfig(databaseUrl: string, redisPrefix: string, overrides: Record<string, string> = {}): Config {
  return loadConfig(testEnv(databaseUrl, redisPrefix, overrides), { requireApiKey: true });
}
