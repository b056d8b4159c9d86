import { sql, type Transaction } from 'kysely';
import { newSecret, sha256 } from '@error-tracker/contracts/db/api-keys';
import type { Database } from '@error-tracker/contracts/db/schema';
import type { MemberRecord } from './members-repository';

export const INVITATION_DAYS = 7;

/** A one-time token for the email; only its hash is stored. */
export async function createInvitation(
  trx: Transaction<Database>,
  memberId: number,
): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret('inv_');
  const { expires_at } = await trx
    .insertInto('invitations')
    .values({
      member_id: memberId,
      token_hash: sha256(token),
      expires_at: sql<Date>`now() + make_interval(days => ${INVITATION_DAYS})`,
    })
    .returning('expires_at')
    .executeTakeFirstOrThrow();
  return { token, expiresAt: expires_at };
}

/**
 * Marks the invitation used and the member active, or answers undefined when the token is unknown,
 * expired or already used. The row lock makes a second, concurrent acceptance find it used.
 */
export async function acceptInvitation(
  trx: Transaction<Database>,
  token: string,
  name: string,
): Promise<MemberRecord | undefined> {
  const invitation = await trx
    .selectFrom('invitations as i')
    .innerJoin('members as m', 'm.id', 'i.member_id')
    .select(['i.id', 'i.member_id'])
    .where('i.token_hash', '=', sha256(token))
    .where('i.accepted_at', 'is', null)
    .where('i.expires_at', '>', sql<Date>`now()`)
    .where('m.status', '=', 'invited')
    .forUpdate()
    .executeTakeFirst();
  if (!invitation) return undefined;
  await trx
    .updateTable('invitations')
    .set({ accepted_at: sql<Date>`now()` })
    .where('id', '=', invitation.id)
    .execute();
  return trx
    .updateTable('members')
    .set({ status: 'active', name, last_active: sql<Date>`now()` })
    .where('id', '=', invitation.member_id)
    .returning(['id', 'name', 'email', 'role', 'status', 'last_active', 'created_at'])
    .executeTakeFirstOrThrow();
}
