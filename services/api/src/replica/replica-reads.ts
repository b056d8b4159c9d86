import type { RequestHandler } from 'express';
import type { ReadRouting } from '@error-tracker/runtime/read-replica';
import type { RedisClient } from '@error-tracker/runtime/redis';
import type { CacheFence } from '../cache/read-cache';
import { ReplicaCacheFence } from './cache-fence';
import { ReadYourWrites } from './read-your-writes';
import { WalPositions } from './wal-position';

/** What the app mounts when DATABASE_READ_URL is set. */
export interface ReplicaReads {
  /** /api middleware after authentication: reads to the replica, except a caller's own fresh changes. */
  readonly route: RequestHandler;
  /** Keeps answers read from a lagging replica out of the read cache. */
  readonly cacheFence: CacheFence;
}

export function replicaReads(routing: ReadRouting, redis: RedisClient, prefix: string): ReplicaReads {
  const positions = new WalPositions(routing);
  return {
    route: new ReadYourWrites(routing, positions, redis, prefix).route,
    cacheFence: new ReplicaCacheFence(routing, positions, redis, prefix),
  };
}
