import { sql } from 'kysely';
import type { RedisClient } from '../redis';
import type { Db } from '@error-tracker/contracts/db/schema';

export interface DependencyCheck {
  readonly ok: boolean;
  /** The round trip; null when it did not answer. */
  readonly latencyMs: number | null;
}

/** Runs `probe` against a deadline: a server that hangs counts as not answering. */
export async function timedCheck(probe: () => Promise<unknown>, timeoutMs: number): Promise<DependencyCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([probe(), deadline]);
    return { ok: true, latencyMs: performance.now() - started };
  } catch {
    return { ok: false, latencyMs: null };
  } finally {
    clearTimeout(timer);
  }
}

export const checkPostgres = (db: Db, timeoutMs: number) => timedCheck(() => sql`SELECT 1`.execute(db), timeoutMs);

export const checkRedis = (redis: RedisClient, timeoutMs: number) => timedCheck(() => redis.ping(), timeoutMs);
