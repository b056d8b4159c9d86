import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { type RoleProcess, type RunAs, spawnProgram } from './processes';

const run = promisify(execFile);
const PACKAGED = '/usr/lib/postgresql';

/** A PostgreSQL server of one test's (or the soak's) own, on a loopback port. */
export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication). */
  readonly url: string;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

/** The newest packaged server's bin directory (Debian: /usr/lib/postgresql/<major>/bin), else pg_config's. */
export function serverBinaries(needed: readonly string[]): string {
  const majors = existsSync(PACKAGED) ? readdirSync(PACKAGED).filter((name) => /^\d+$/.test(name)) : [];
  const candidates = majors.sort((a, b) => Number(b) - Number(a)).map((major) => join(PACKAGED, major, 'bin'));
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // No pg_config on PATH: the packaged directories are all there is to try.
  }
  const found = candidates.find((bin) => needed.every((name) => existsSync(join(bin, name))));
  if (found) return found;
  throw new Error(
    `a private PostgreSQL needs the server binaries (${needed.join(', ')}) in ${PACKAGED}/<major>/bin ` +
      'or pg_config --bindir: install the server package (Debian: apt-get install postgresql)',
  );
}

/** initdb refuses to run as root: then the servers run as the `postgres` user the packages create. */
export function serverUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error(
      'running as root and there is no postgres user to run initdb and the servers as: create one (useradd postgres)',
    );
  }
}

/** Starts `postgres` on a data directory, with the given `name=value` settings on top of the directory's own. */
export async function startServer(
  bin: string,
  dataDir: string,
  port: number,
  settings: readonly string[],
  runAs: RunAs | undefined,
): Promise<RoleProcess> {
  const args = [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    `unix_socket_directories=${dataDir}`,
  ];
  for (const setting of settings) args.push('-c', setting);
  const server = spawnProgram(join(bin, 'postgres'), args, {}, `postgres :${port}`, runAs);
  await server.waitForLine(/ready to accept (read-only )?connections/, 60_000);
  return server;
}

export async function stopServer(server: RoleProcess): Promise<void> {
  // SIGINT is PostgreSQL's fast shutdown: clients are disconnected rather than waited for.
  if (server.child.exitCode === null && server.child.signalCode === null) server.kill('SIGINT');
  await server.exited;
}

/** `initdb` into a data directory made for the purpose (owned by the server's user when running as root). */
export async function initDataDirectory(bin: string, dir: string, runAs: RunAs | undefined): Promise<void> {
  await run(join(bin, 'initdb'), ['-D', dir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
    ...runAs,
  });
}

/**
 * A server of its own, configured as `initdb` leaves it (autovacuum on, fsync on) plus `settings`:
 * for measurements that must not depend on how the machine's shared server is tuned.
 */
export async function startPrivatePostgres(settings: readonly string[] = []): Promise<PrivatePostgres> {
  const bin = serverBinaries(['initdb', 'postgres']);
  const runAs = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'et-pg-'));
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  const dataDir = join(dir, 'data');
  const port = await freePort();
  let server: RoleProcess | undefined;
  const stop = async () => {
    if (server) await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await initDataDirectory(bin, dataDir, runAs);
    server = await startServer(bin, dataDir, port, settings, runAs);
    return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
