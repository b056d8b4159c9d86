import { sql } from 'kysely';
import type { ReadRouting } from '@error-tracker/runtime/read-replica';

/** A WAL position (pg_lsn) as 16 hex digits: positions then compare as strings, here and in Redis scripts. */
export type WalPosition = string;

/** `16/B374D848` → `00000016B374D848`. */
export function walPosition(lsn: string): WalPosition {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(lsn);
  if (!match?.[1] || !match[2]) throw new Error(`not a WAL position: ${lsn}`);
  return `${match[1].padStart(8, '0')}${match[2].padStart(8, '0')}`.toUpperCase();
}

/** Where the primary's WAL is, and whether the replica has replayed it that far. */
export class WalPositions {
  constructor(private readonly routing: ReadRouting) {}

  /** The primary's WAL write position: past the commit of every transaction that ended before this call. */
  async primary(): Promise<WalPosition> {
    const { rows } = await this.routing.onPrimary(() =>
      sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(this.routing.db),
    );
    const lsn = rows[0]?.lsn;
    if (lsn === undefined) throw new Error('pg_current_wal_lsn() answered no row');
    return walPosition(lsn);
  }

  /** Whether the replica has replayed the WAL up to `position`; false when it cannot say (unreachable, not in recovery). */
  async replicaReached(position: WalPosition): Promise<boolean> {
    const { rows } = await this.routing.onReplica(() =>
      sql<{ lsn: string | null }>`SELECT pg_last_wal_replay_lsn()::text AS lsn`.execute(this.routing.db),
    );
    const replayed = rows[0]?.lsn;
    return typeof replayed === 'string' && walPosition(replayed) >= position;
  }
}
