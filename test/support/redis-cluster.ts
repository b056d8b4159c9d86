import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Redis } from 'ioredis';
import { ingestShardPrefixes } from '@error-tracker/contracts/ingest-shards';
import { freePort } from './free-port';
import { type RoleProcess, spawnProgram, stopAll } from './processes';
import { waitFor } from './wait-for';

/** A Redis Cluster of the test's own: `masters` redis-server processes on loopback, no replicas. */
export interface RedisClusterServers {
  /** REDIS_URL for the roles: redis+cluster://127.0.0.1:<port>,… */
  readonly url: string;
  /** The masters' client ports, in the order they were created. */
  readonly ports: readonly number[];
  /** Their redis-server process ids, in the same order. */
  readonly pids: readonly number[];
  /** The client port of the master that serves `key`'s hash slot. */
  masterOf(key: string): Promise<number>;
  /**
   * A REDIS_PREFIX (`{<base>-<n>}`) whose first `shards` ingest shards hash to slots on as many
   * different masters (at most one per master), so a test or bench sees the shards spread.
   */
  spreadPrefix(base: string, shards: number): Promise<string>;
  /** The keys one master holds under `pattern` (SCAN on that node alone). */
  keysOn(port: number, pattern: string): Promise<string[]>;
  stop(): Promise<void>;
}

function requireProgram(name: string): void {
  const found = (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (!found) throw new Error(`${name} is not on PATH: the Redis Cluster tests need it (apt-get install redis-server)`);
}

async function onNode<T>(port: number, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

/**
 * Starts `masters` redis-server processes with `--cluster-enabled yes` (each with its own config
 * file and cluster bus port) and joins them with `redis-cli --cluster create … --cluster-replicas 0`,
 * which spreads the 16,384 slots evenly over them; resolves once every node reports cluster_state:ok.
 */
export async function startRedisCluster(masters = 3): Promise<RedisClusterServers> {
  requireProgram('redis-server');
  requireProgram('redis-cli');
  const dir = mkdtempSync(join(tmpdir(), 'et-redis-cluster-'));
  const servers: RoleProcess[] = [];
  const ports: number[] = [];
  const stop = async () => {
    await stopAll(servers);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < masters; i++) {
      const [port, busPort] = [await freePort(), await freePort()];
      const args = ['--port', String(port), '--cluster-port', String(busPort), '--bind', '127.0.0.1'];
      args.push('--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir);
      args.push('--save', '', '--appendonly', 'no', '--maxmemory-policy', 'noeviction');
      const server = spawnProgram('redis-server', args, {}, `redis-server (cluster) :${port}`);
      servers.push(server);
      ports.push(port);
      await server.waitForLine(/Ready to accept connections/, 30_000);
    }
    const create = spawnProgram(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '0', '--cluster-yes'],
      {},
      'redis-cli --cluster create',
    );
    const code = await create.exited;
    if (code !== 0) throw new Error(`redis-cli --cluster create exited ${code}:\n${create.output.join('\n')}`);
    for (const port of ports) {
      await waitFor(`cluster_state:ok on :${port}`, () =>
        onNode(port, async (redis) => ((await redis.cluster('INFO')).includes('cluster_state:ok') ? true : undefined)),
      );
    }
  } catch (error) {
    await stop();
    throw error;
  }

  const first = ports[0] ?? 0;
  const masterOf = (key: string) =>
    onNode(first, async (redis) => {
      const slot = Number(await redis.cluster('KEYSLOT', key));
      const ranges = await redis.cluster('SLOTS');
      const owner = ranges.find(([start, end]) => slot >= start && slot <= end);
      if (!owner) throw new Error(`no master serves slot ${slot}`);
      return Number(owner[2]?.[1]);
    });
  return {
    url: `redis+cluster://${ports.map((port) => `127.0.0.1:${port}`).join(',')}`,
    ports,
    pids: servers.map((server) => server.child.pid ?? 0),
    masterOf,
    spreadPrefix: async (base, shards) => {
      const wanted = Math.min(shards, ports.length);
      for (let i = 0; i < 1_000; i++) {
        const prefix = `{${base}-${i}}`;
        const masters = await Promise.all(ingestShardPrefixes(prefix, wanted).map((shard) => masterOf(`${shard}:x`)));
        if (new Set(masters).size === wanted) return prefix;
      }
      throw new Error(`no prefix puts ${wanted} shards on different masters`);
    },
    keysOn: (port, pattern) =>
      onNode(port, async (redis) => {
        const keys: string[] = [];
        let cursor = '0';
        do {
          const [next, page] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
          cursor = next;
          keys.push(...page);
        } while (cursor !== '0');
        return keys;
      }),
    stop,
  };
}
