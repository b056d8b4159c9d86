import { readCacheFenceKey } from '@error-tracker/contracts/redis-keys';
import type { ReadRouting } from '@error-tracker/runtime/read-replica';
import type { RedisClient } from '@error-tracker/runtime/redis';
import type { CacheFence } from '../cache/read-cache';
import type { WalPositions } from './wal-position';

/** Longer than any cached answer lives; a fence recorded again later is only stricter. */
const FENCE_TTL_SECONDS = 600;

/**
 * A cache generation begins after some change has committed on the primary (the bump follows the
 * write). The first API replica that sees the generation records the primary's WAL position then,
 * which covers that change; an answer read from the replica is cached only once the replica has
 * replayed that far. Answers read from the primary are always admitted.
 */
export class ReplicaCacheFence implements CacheFence {
  constructor(
    private readonly routing: ReadRouting,
    private readonly positions: WalPositions,
    private readonly redis: RedisClient,
    private readonly prefix: string,
  ) {}

  async admits(generation: string): Promise<boolean> {
    if (this.routing.target() !== 'replica') return true;
    return this.positions.replicaReached(await this.fenceOf(generation));
  }

  private async fenceOf(generation: string): Promise<string> {
    const key = readCacheFenceKey(this.prefix, generation);
    const recorded = await this.redis.get(key);
    if (recorded !== null) return recorded;
    // Any replica's position taken after it saw the generation is a valid fence; the first one is kept.
    const position = await this.positions.primary();
    await this.redis.set(key, position, 'EX', FENCE_TTL_SECONDS, 'NX');
    return position;
  }
}
