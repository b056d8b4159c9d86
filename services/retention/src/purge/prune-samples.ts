import { type Kysely, sql } from 'kysely';
import type { Database } from '@error-tracker/contracts/db/schema';

/** Monitoring samples older than the longest uptime window (30 days), up to `limit` a batch. */
export async function deleteOldSamples(db: Kysely<Database>, olderThanDays: number, limit: number): Promise<number> {
  const result = await sql`
    DELETE FROM monitoring_samples AS s USING (
      SELECT instance_id, slot FROM monitoring_samples
      WHERE slot < now() - make_interval(days => ${olderThanDays})
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ) AS old
    WHERE (s.instance_id, s.slot) = (old.instance_id, old.slot)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
