import { execFileSync } from 'node:child_process';
import { Socket } from 'node:net';

/** Where the test servers are: from the environment, the local defaults, or testcontainers. */
export interface TestServers {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly stop: () => Promise<void>;
}

const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';
const LOCAL_REDIS = 'redis://127.0.0.1:6379';

function answers(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.connect(Number(port || defaultPort), hostname.replace(/^\[|\]$/g, ''));
  });
}

function dockerAvailable(): boolean {
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 5_000 });
    return true;
  } catch {
    return false;
  }
}

const HOW_TO = `Tests need a real PostgreSQL (with pg_trgm) and Redis. Either
  - set DATABASE_URL and REDIS_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres, redis://127.0.0.1:6379),
  - start them on 127.0.0.1:5432 and 127.0.0.1:6379 (see .ci/run for the commands), or
  - run a Docker engine, and testcontainers starts both.`;

export async function findTestServers(): Promise<TestServers> {
  let databaseUrl = process.env.DATABASE_URL;
  let redisUrl = process.env.REDIS_URL;
  if (databaseUrl === undefined && (await answers(LOCAL_POSTGRES, 5432))) databaseUrl = LOCAL_POSTGRES;
  if (redisUrl === undefined && (await answers(LOCAL_REDIS, 6379))) redisUrl = LOCAL_REDIS;
  if (databaseUrl !== undefined && redisUrl !== undefined) {
    for (const [url, port, name] of [
      [databaseUrl, 5432, 'PostgreSQL'],
      [redisUrl, 6379, 'Redis'],
    ] as const) {
      if (!(await answers(url, port))) throw new Error(`${name} at ${url} does not answer.\n${HOW_TO}`);
    }
    return { databaseUrl, redisUrl, stop: async () => undefined };
  }
  if (!dockerAvailable()) throw new Error(`No PostgreSQL/Redis found and no Docker engine.\n${HOW_TO}`);
  return startContainers(databaseUrl, redisUrl);
}

async function startContainers(databaseUrl: string | undefined, redisUrl: string | undefined): Promise<TestServers> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const started: Array<{ stop: () => Promise<unknown> }> = [];
  if (databaseUrl === undefined) {
    const postgres = await new GenericContainer('postgres:17')
      .withEnvironment({ POSTGRES_HOST_AUTH_METHOD: 'trust' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    started.push(postgres);
    databaseUrl = `postgres://postgres@${postgres.getHost()}:${postgres.getMappedPort(5432)}/postgres`;
  }
  if (redisUrl === undefined) {
    const redis = await new GenericContainer('redis:7').withExposedPorts(6379).start();
    started.push(redis);
    redisUrl = `redis://${redis.getHost()}:${redis.getMappedPort(6379)}`;
  }
  return {
    databaseUrl,
    redisUrl,
    stop: async () => {
      await Promise.all(started.map((container) => container.stop()));
    },
  };
}
