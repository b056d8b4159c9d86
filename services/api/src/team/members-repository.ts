import { sql, type Transaction } from 'kysely';
import type { Database, Db, MemberStatus, Role } from '@error-tracker/contracts/db/schema';

type Conn = Db | Transaction<Database>;

const COLUMNS = ['id', 'name', 'email', 'role', 'status', 'last_active', 'created_at'] as const;

export interface MemberRecord {
  readonly id: number;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly status: MemberStatus;
  readonly last_active: Date | null;
  readonly created_at: Date;
}

export async function listMembers(db: Conn): Promise<MemberRecord[]> {
  return db.selectFrom('members').select(COLUMNS).orderBy('id').execute();
}

/** The member, locked until the transaction ends (role and status changes check the owners first). */
export async function lockMember(trx: Transaction<Database>, id: number): Promise<MemberRecord | undefined> {
  return trx.selectFrom('members').select(COLUMNS).where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Owners who can still act, other than `exceptId`; locks them so two demotions cannot both pass. */
export async function otherActiveOwners(trx: Transaction<Database>, exceptId: number): Promise<number> {
  const rows = await trx
    .selectFrom('members')
    .select('id')
    .where('role', '=', 'owner')
    .where('status', '=', 'active')
    .where('id', '!=', exceptId)
    .forUpdate()
    .execute();
  return rows.length;
}

/** Creates an invited member; undefined when the email is taken. */
export async function insertInvitedMember(trx: Conn, email: string, role: Role, name: string): Promise<MemberRecord | undefined> {
  return trx
    .insertInto('members')
    .values({ email, role, name, status: 'invited' })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();
}

export interface MemberChange {
  readonly role?: Role;
  readonly status?: 'active' | 'disabled';
  readonly name?: string;
}

export async function updateMember(trx: Conn, id: number, change: MemberChange): Promise<MemberRecord> {
  return trx.updateTable('members').set(change).where('id', '=', id).returning(COLUMNS).executeTakeFirstOrThrow();
}

/** Removes the member and revokes every key they hold, in the caller's transaction. */
export async function removeMember(trx: Transaction<Database>, id: number): Promise<void> {
  await trx
    .updateTable('api_keys')
    .set({ revoked_at: sql<Date>`now()` })
    .where('member_id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
  await trx.deleteFrom('members').where('id', '=', id).execute();
}
