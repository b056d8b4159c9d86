import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { type RoleProcess, type RunAs, spawnProgram } from './processes';

const run = promisify(execFile);
const PACKAGED = '/usr/lib/postgresql';
const NEEDED = ['initdb', 'postgres', 'pg_basebackup'];

/** A PostgreSQL primary and a streaming replica of it, of one test's own, on loopback ports. */
export interface ReplicatedPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust authentication). */
  readonly primaryUrl: string;
  readonly replicaUrl: string;
  /** Fast shutdown of the replica (its connections are closed); the primary keeps running. */
  stopReplica(): Promise<void>;
  /** Stops both servers and removes their data directories. */
  stop(): Promise<void>;
}

export interface ReplicationOptions {
  /** recovery_min_apply_delay: the replica applies each commit this long after the primary made it. */
  readonly applyDelayMs: number;
  /** More `name=value` settings of the replica (a standby needs max_connections of at least the primary's 60). */
  readonly replicaSettings?: readonly string[];
}

/** The newest packaged server's bin directory (Debian: /usr/lib/postgresql/<major>/bin), else pg_config's. */
function serverBinaries(): string {
  const majors = existsSync(PACKAGED) ? readdirSync(PACKAGED).filter((name) => /^\d+$/.test(name)) : [];
  const candidates = majors.sort((a, b) => Number(b) - Number(a)).map((major) => join(PACKAGED, major, 'bin'));
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // No pg_config on PATH: the packaged directories are all there is to try.
  }
  const found = candidates.find((bin) => NEEDED.every((name) => existsSync(join(bin, name))));
  if (found) return found;
  throw new Error(
    `the read-replica test needs the PostgreSQL server binaries (${NEEDED.join(', ')}) in ${PACKAGED}/<major>/bin ` +
      'or pg_config --bindir: install the server package (Debian: apt-get install postgresql)',
  );
}

/** initdb refuses to run as root: then the servers run as the `postgres` user the packages create. */
function serverUser(): RunAs | undefined {
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

async function startServer(bin: string, dataDir: string, port: number, settings: string[], runAs: RunAs | undefined) {
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
  // Throwaway servers: no fsync, little memory.
  for (const setting of ['fsync=off', 'shared_buffers=16MB', 'max_connections=60', ...settings]) args.push('-c', setting);
  const server = spawnProgram(join(bin, 'postgres'), args, {}, `postgres :${port}`, runAs);
  await server.waitForLine(/ready to accept (read-only )?connections/, 60_000);
  return server;
}

async function stopServer(server: RoleProcess): Promise<void> {
  // SIGINT is PostgreSQL's fast shutdown: clients are disconnected rather than waited for.
  if (server.child.exitCode === null && server.child.signalCode === null) server.kill('SIGINT');
  await server.exited;
}

/**
 * initdb a primary, pg_basebackup -R a replica from it, start both. The replica streams the WAL and
 * applies each commit `applyDelayMs` after the primary made it, so its lag is known in advance.
 */
export async function startReplicatedPostgres(options: ReplicationOptions): Promise<ReplicatedPostgres> {
  const bin = serverBinaries();
  const runAs = serverUser();
  const dir = mkdtempSync(join(tmpdir(), 'et-pg-replica-'));
  if (runAs) chownSync(dir, runAs.uid, runAs.gid);
  const primaryDir = join(dir, 'primary');
  const replicaDir = join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const servers: RoleProcess[] = [];
  const stop = async () => {
    for (const server of servers.reverse()) await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(join(bin, 'initdb'), ['-D', primaryDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], {
      ...runAs,
    });
    servers.push(await startServer(bin, primaryDir, primaryPort, ['wal_level=replica'], runAs));
    const basebackup = ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream'];
    await run(join(bin, 'pg_basebackup'), [...basebackup, '-c', 'fast', '--no-sync'], { ...runAs });
    const replica = await startServer(
      bin,
      replicaDir,
      replicaPort,
      ['hot_standby=on', `recovery_min_apply_delay=${options.applyDelayMs}ms`, ...(options.replicaSettings ?? [])],
      runAs,
    );
    servers.push(replica);
    const url = (port: number) => `postgres://postgres@127.0.0.1:${port}/postgres`;
    return {
      primaryUrl: url(primaryPort),
      replicaUrl: url(replicaPort),
      stopReplica: () => stopServer(replica),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
