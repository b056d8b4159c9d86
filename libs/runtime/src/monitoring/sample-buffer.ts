import type { Insertable } from 'kysely';
import type { Db, MonitoringSamplesTable } from '@error-tracker/contracts/db/schema';

export type SampleRow = Insertable<MonitoringSamplesTable>;

/**
 * Samples waiting for PostgreSQL: written together once it answers, so an outage leaves its own
 * samples (saying PostgreSQL did not answer) instead of a hole. Holds at most `capacity`, oldest
 * dropped first.
 */
export class SampleBuffer {
  private rows: SampleRow[] = [];

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.rows.length;
  }

  push(row: SampleRow): void {
    this.rows.push(row);
    if (this.rows.length > this.capacity) this.rows.splice(0, this.rows.length - this.capacity);
  }

  /** Writes what is held; on failure keeps it for the next try and rethrows. */
  async flush(db: Db): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    await db
      .insertInto('monitoring_samples')
      .values(rows)
      .onConflict((conflict) => conflict.columns(['instance_id', 'slot']).doNothing())
      .execute();
    this.rows = this.rows.filter((row) => !rows.includes(row));
  }
}
