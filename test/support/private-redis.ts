import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port';
import { type RoleProcess, spawnProgram } from './processes';

/** A redis-server of one test's own, append-only on disk, that the test may kill -9 and start again. */
export interface PrivateRedis {
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  /** Where its append-only file lives. */
  readonly dir: string;
  /** SIGKILL, as a crash: no shutdown save, the append-only file as the kernel has it. */
  kill9(): Promise<void>;
  /** Starts it again on the same port and directory; resolves once it accepts connections. */
  restart(): Promise<void>;
  /** Stops it and removes its directory. */
  stop(): Promise<void>;
}

/** The settings of docker-compose.yml's Redis (append-only, fsync every second, no eviction), on loopback. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'et-private-redis-'));
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--maxmemory-policy',
    'noeviction',
  ];
  const launch = async (): Promise<RoleProcess> => {
    const server = spawnProgram('redis-server', args, {}, `redis-server :${port}`);
    await server.waitForLine(/Ready to accept connections/, 30_000);
    return server;
  };
  let server = await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    dir,
    kill9: async () => {
      server.kill('SIGKILL');
      await server.exited;
    },
    restart: async () => {
      server = await launch();
    },
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
