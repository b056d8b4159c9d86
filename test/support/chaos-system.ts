import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type SignedWebhookSink, startSignedWebhookSink } from './channel-sinks/signed-webhook-sink';
import { type PrivateRedis, startPrivateRedis } from './private-redis';
import { apiPort, type RoleProcess } from './processes';
import { type Sandbox } from './sandbox';
import { startTcpProxy, type TcpProxy, throughProxy } from './tcp-proxy';

export type ChaosRole = 'api' | 'ingest-worker' | 'notifier';

/** The whole system as processes, with every dependency a test can break: its own Redis, PostgreSQL behind a proxy. */
export interface ChaosSystem {
  readonly redis: PrivateRedis;
  readonly postgres: TcpProxy;
  readonly webhook: SignedWebhookSink;
  /** The current API's base URL. */
  readonly base: string;
  /** kill -9 the role's process (the first ingest worker of two). */
  kill9(role: ChaosRole): Promise<void>;
  /** Starts a process in place of the killed one, as a supervisor would; resolves once it is ready. */
  replace(role: ChaosRole): Promise<void>;
  /** The last lines each process logged (request lines left out). */
  logs(): string;
}

const READY: Record<ChaosRole, RegExp> = {
  api: /api listening/,
  'ingest-worker': /ingest worker started/,
  notifier: /notifier started/,
};

/** API, two ingest workers and a notifier from the build; alert channels may go to loopback (the webhook sink). */
export async function startChaosSystem(sandbox: Sandbox, webhookSecret: string): Promise<ChaosSystem> {
  const redis = sandbox.stopAfter(await startPrivateRedis());
  const database = new URL(sandbox.database.url);
  const postgres = sandbox.stopAfter(await startTcpProxy(database.hostname, Number(database.port || 5432)));
  const webhook = sandbox.stopAfter(await startSignedWebhookSink(webhookSecret));
  const spoolDir = mkdtempSync(join(tmpdir(), 'et-chaos-spool-'));
  sandbox.stopAfter({ stop: async () => rmSync(spoolDir, { recursive: true, force: true }) });
  const env = {
    REDIS_URL: redis.url,
    DATABASE_URL: throughProxy(sandbox.database.url, postgres),
    SPOOL_DIR: spoolDir,
    RATE_LIMIT_PER_MINUTE: '0',
    KEY_RATE_LIMIT_INGEST: '0',
    INGEST_LOCK_MS: '5000',
    ALERT_EVALUATION_INTERVAL_MS: '1000',
    ALERT_DIGEST_THRESHOLD: '10000',
    NOTIFIER_CLAIM_IDLE_MS: '2000',
    ALLOW_PRIVATE_WEBHOOKS: 'true',
  };
  const start = async (role: ChaosRole) => {
    const started = sandbox.start(role, env);
    await started.waitForLine(READY[role]);
    return started;
  };
  const running: Record<ChaosRole, RoleProcess> = {
    api: await start('api'),
    'ingest-worker': await start('ingest-worker'),
    notifier: await start('notifier'),
  };
  const secondWorker = await start('ingest-worker');
  let base = `http://127.0.0.1:${await apiPort(running.api)}`;

  return {
    redis,
    postgres,
    webhook,
    get base() {
      return base;
    },
    kill9: async (role) => {
      running[role].kill('SIGKILL');
      await running[role].exited;
    },
    replace: async (role) => {
      running[role] = await start(role);
      if (role === 'api') base = `http://127.0.0.1:${await apiPort(running.api)}`;
    },
    logs: () =>
      Object.entries({ ...running, 'second ingest-worker': secondWorker })
        .map(
          ([name, role]) =>
            `${name}:\n${role.output
              .filter((line) => !/"msg":"request/.test(line))
              .slice(-40)
              .join('\n')}`,
        )
        .join('\n'),
  };
}
