import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '@error-tracker/contracts/db/schema';
import { backoffMs, sleep } from '../retry';

// lock_not_available (lock_timeout ran out), deadlock_detected.
const LOCK_FAILURES = new Set(['55P03', '40P01']);
const ATTEMPTS = 6;

export function sqlState(error: unknown): string {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : '';
}

/** The lock wait ran out every time: the caller leaves the step for its next run. */
export const isLockTimeout = (error: unknown): boolean => sqlState(error) === '55P03';

/**
 * Runs partition DDL in a transaction that gives up waiting for a lock after `lockTimeout`: while it
 * waits for a strong lock every later query on the table queues behind it, so it must not wait for a
 * long query to end. Tried again a few times, with backoff, before the failure is thrown.
 */
export async function inShortLockTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
  lockTimeout = '2s',
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        await sql`SELECT set_config('lock_timeout', ${lockTimeout}, true)`.execute(trx);
        return work(trx);
      });
    } catch (error) {
      if (attempt + 1 >= ATTEMPTS || !LOCK_FAILURES.has(sqlState(error))) throw error;
      await sleep(backoffMs(attempt, 250, 5_000));
    }
  }
}
