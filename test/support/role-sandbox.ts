import { createTestDatabase, type TestDatabase } from './databases';
import { type RoleProcess, startRole, stopAll } from './processes';
import { createTestRedisPrefix, type TestRedisPrefix } from './redis-prefix';
import { testEnv } from './test-config';

export interface RoleSandbox {
  readonly database: TestDatabase;
  readonly redisPrefix: TestRedisPrefix;
  /** The environment of a role on this file's database and Redis prefix. */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** Starts a role from the build; it is stopped after the file's tests. */
  start(role: string, overrides?: Record<string, string>, args?: readonly string[]): RoleProcess;
}

/**
 * For test files that run roles as processes: a database and a Redis prefix of the file's own,
 * created before its tests and removed after them, with every role it started stopped first.
 */
export function roleSandbox(): RoleSandbox {
  let database: TestDatabase | undefined;
  let redisPrefix: TestRedisPrefix | undefined;
  const processes: RoleProcess[] = [];
  const ready = () => {
    if (!database || !redisPrefix) throw new Error('roleSandbox is used before its beforeAll ran');
    return { database, redisPrefix };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    redisPrefix = createTestRedisPrefix();
  });
  afterAll(async () => {
    await stopAll(processes);
    await redisPrefix?.cleanup();
    await database?.drop();
  });

  const env = (overrides: Record<string, string> = {}) => {
    const { database: db, redisPrefix: prefix } = ready();
    return testEnv(db.url, prefix.prefix, { LOG_LEVEL: 'info', ...overrides });
  };
  return {
    get database() {
      return ready().database;
    },
    get redisPrefix() {
      return ready().redisPrefix;
    },
    env,
    start: (role, overrides = {}, args = []) => {
      const started = startRole(role, env(overrides), args);
      processes.push(started);
      return started;
    },
  };
}
