import { Redis } from 'ioredis';
import { type Config } from '@error-tracker/runtime/config/load-config';
import { createDb } from '@error-tracker/runtime/postgres';
import { type Db } from '@error-tracker/contracts/db/schema';
import { createTestDatabase, type TestDatabase } from './databases';
import { type RoleProcess, startRole, stopAll } from './processes';
import { createTestRedisPrefix, redisUrl, type TestRedisPrefix } from './redis-prefix';
import { testConfig, testEnv } from './test-config';

export interface SandboxOptions {
  /** `file` (the default): one database and prefix for the file's tests; `test`: fresh ones for each test. */
  readonly per?: 'file' | 'test';
  /** An empty database instead of a clone of the migrated template, for tests of migrations. */
  readonly empty?: boolean;
}

/** Anything the sandbox stops after the tests: a service, an API, a queue, a stub server. */
export type Stoppable = { stop(): Promise<unknown> } | { close(): Promise<unknown> };

export interface Sandbox {
  /** The database's name and URL. */
  readonly database: TestDatabase;
  /** A connection pool on the database, opened on first use. */
  readonly db: Db;
  /** A Redis key prefix no other test uses (a hash tag); every key under it is deleted afterwards. */
  readonly redisPrefix: string;
  /** A Redis connection, opened on first use; BullMQ may share it (maxRetriesPerRequest is null). */
  readonly redis: Redis;
  /** A role's configuration on this database and prefix, for services started in this process. */
  config(overrides?: Record<string, string>): Config;
  /** A role's environment on this database and prefix, for processes (LOG_LEVEL info: they log their ports). */
  env(overrides?: Record<string, string>): Record<string, string>;
  /** Starts a role from the build as a process. */
  start(role: string, overrides?: Record<string, string>, args?: readonly string[]): RoleProcess;
  /** Stops `thing` after the tests: after the processes, before the database and prefix go (last registered, first stopped). */
  stopAfter<T extends Stoppable>(thing: T): T;
  /** Stops a registered `thing` now, and not again afterwards. */
  stop(thing: Stoppable): Promise<void>;
}

interface Resources {
  readonly database: TestDatabase;
  readonly prefix: TestRedisPrefix;
  readonly stoppables: Stoppable[];
  readonly processes: RoleProcess[];
  db?: Db;
  redis?: Redis;
}

async function stopOne(thing: Stoppable): Promise<void> {
  await ('stop' in thing ? thing.stop() : thing.close());
}

async function release(resources: Resources): Promise<void> {
  await stopAll(resources.processes);
  for (const thing of [...resources.stoppables].reverse()) await stopOne(thing);
  resources.redis?.disconnect();
  await resources.db?.destroy();
  await resources.prefix.cleanup();
  await resources.database.drop();
}

/**
 * The one way a test file gets PostgreSQL and Redis: a database cloned from the migrated template
 * and a Redis prefix of its own, created before its tests and removed after them, with everything
 * it registered or started stopped first. Call it at the top of the file (it adds the hooks).
 */
export function useSandbox(options: SandboxOptions = {}): Sandbox {
  let resources: Resources | undefined;
  const current = (): Resources => {
    if (!resources) throw new Error('the sandbox is used outside its tests (before its beforeAll/beforeEach ran)');
    return resources;
  };
  const setUp = async () => {
    resources = {
      database: await createTestDatabase({ empty: options.empty }),
      prefix: createTestRedisPrefix(),
      stoppables: [],
      processes: [],
    };
  };
  const tearDown = async () => {
    const done = resources;
    resources = undefined;
    if (done) await release(done);
  };
  if (options.per === 'test') {
    beforeEach(setUp);
    afterEach(tearDown);
  } else {
    beforeAll(setUp);
    afterAll(tearDown);
  }

  const env = (overrides: Record<string, string> = {}) =>
    testEnv(current().database.url, current().prefix.prefix, { LOG_LEVEL: 'info', ...overrides });
  return {
    get database() {
      return current().database;
    },
    get db() {
      const open = current();
      open.db ??= createDb(open.database.url);
      return open.db;
    },
    get redisPrefix() {
      return current().prefix.prefix;
    },
    get redis() {
      const open = current();
      open.redis ??= new Redis(redisUrl(), { maxRetriesPerRequest: null });
      return open.redis;
    },
    config: (overrides = {}) => testConfig(current().database.url, current().prefix.prefix, overrides),
    env,
    start: (role, overrides = {}, args = []) => {
      const started = startRole(role, env(overrides), args);
      current().processes.push(started);
      return started;
    },
    stopAfter: (thing) => {
      current().stoppables.push(thing);
      return thing;
    },
    stop: async (thing) => {
      const { stoppables } = current();
      const at = stoppables.indexOf(thing);
      if (at >= 0) stoppables.splice(at, 1);
      await stopOne(thing);
    },
  };
}
