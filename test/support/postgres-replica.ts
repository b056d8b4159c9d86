import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';
import { initDataDirectory, serverBinaries, serverUser, startServer, stopServer } from './private-postgres';
import type { RoleProcess } from './processes';

const run = promisify(execFile);

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

// Throwaway servers: no fsync, little memory.
const THROWAWAY = ['fsync=off', 'shared_buffers=16MB', 'max_connections=60'];

/**
 * initdb a primary, pg_basebackup -R a replica from it, start both. The replica streams the WAL and
 * applies each commit `applyDelayMs` after the primary made it, so its lag is known in advance.
 */
export async function startReplicatedPostgres(options: ReplicationOptions): Promise<ReplicatedPostgres> {
  const bin = serverBinaries(['initdb', 'postgres', 'pg_basebackup']);
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
    await initDataDirectory(bin, primaryDir, runAs);
    servers.push(await startServer(bin, primaryDir, primaryPort, [...THROWAWAY, 'wal_level=replica'], runAs));
    const basebackup = ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres', '-D', replicaDir, '-R', '-X', 'stream'];
    await run(join(bin, 'pg_basebackup'), [...basebackup, '-c', 'fast', '--no-sync'], { ...runAs });
    const replica = await startServer(
      bin,
      replicaDir,
      replicaPort,
      [...THROWAWAY, 'hot_standby=on', `recovery_min_apply_delay=${options.applyDelayMs}ms`, ...(options.replicaSettings ?? [])],
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
