import { sql, type Transaction } from 'kysely';
import type { Database, Db } from '@error-tracker/contracts/db/schema';
import { waitUntil } from './wait-for';

export interface HeldTransaction {
  /** Runs first, in a transaction left open. */
  readonly first: (trx: Transaction<Database>) => Promise<unknown>;
  /** Runs once `second` waits on a lock, in the same transaction, before it commits. */
  readonly beforeCommit?: (trx: Transaction<Database>) => Promise<unknown>;
}

/**
 * Starts `second` while a transaction holds what `held.first` took, waits until `second` is blocked
 * on a lock in this database, then commits; answers what `second` ends with.
 */
export async function whileHeld<T>(db: Db, held: HeldTransaction, second: () => Promise<T>): Promise<T> {
  let commit!: () => void;
  let holding!: () => void;
  const taken = new Promise<void>((resolve) => (holding = resolve));
  const open = db.transaction().execute(async (trx) => {
    await held.first(trx);
    holding();
    await new Promise<void>((resolve) => (commit = resolve));
    await held.beforeCommit?.(trx);
  });
  await taken;
  const waiting = second();
  await waitUntil('the second writer to wait for the first', async () => {
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(
      db,
    );
    return (rows[0]?.n ?? 0) > 0;
  });
  commit();
  await open;
  return waiting;
}
