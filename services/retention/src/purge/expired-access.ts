import { type Kysely, sql } from 'kysely';
import type { Database } from '@error-tracker/contracts/db/schema';

/**
 * Dashboard sessions past their idle expiry: the API no longer accepts them (it also clears them at
 * each sign-in, which a quiet install may not see for weeks). Up to `limit` a batch.
 */
export async function deleteExpiredSessions(db: Kysely<Database>, limit: number): Promise<number> {
  const result = await sql`
    DELETE FROM sessions WHERE id IN (
      SELECT id FROM sessions WHERE expires_at <= now() LIMIT ${limit} FOR UPDATE SKIP LOCKED
    )`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Invitations that can no longer be accepted (used, or expired): acceptance refuses them alike, and
 * nothing else reads them; the member row (still `invited` when never accepted) stays.
 */
export async function deleteSpentInvitations(db: Kysely<Database>, limit: number): Promise<number> {
  const result = await sql`
    DELETE FROM invitations WHERE id IN (
      SELECT id FROM invitations
      WHERE accepted_at IS NOT NULL OR expires_at <= now()
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
