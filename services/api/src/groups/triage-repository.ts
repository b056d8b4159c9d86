import type { Db } from '@error-tracker/contracts/db/schema';

export interface Assignee {
  readonly id: number;
  readonly name: string;
  readonly email: string;
}

/** An active member, who may be assigned groups; undefined otherwise. */
export async function activeMember(db: Db, id: number): Promise<Assignee | undefined> {
  return db
    .selectFrom('members')
    .select(['id', 'name', 'email'])
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
}

/** The members behind a page of groups, in one query. */
export async function membersByIds(db: Db, ids: readonly number[]): Promise<Map<number, Assignee>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('members')
    .select(['id', 'name', 'email'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((row) => [row.id, row]));
}

/** Answers whether the group exists. */
export async function setAssignee(db: Db, errorId: number, memberId: number | null): Promise<boolean> {
  const result = await db
    .updateTable('errors')
    .set({ assignee_member_id: memberId })
    .where('id', '=', errorId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function groupExists(db: Db, errorId: number): Promise<boolean> {
  return (await db.selectFrom('errors').select('id').where('id', '=', errorId).executeTakeFirst()) !== undefined;
}

/** At most this many comments are answered, the newest (oldest first). */
export const COMMENTS_SHOWN = 500;

export async function listComments(db: Db, errorId: number) {
  const newest = await db
    .selectFrom('comments')
    .select(['id', 'member_id', 'author', 'body', 'created_at'])
    .where('error_id', '=', errorId)
    .orderBy('id', 'desc')
    .limit(COMMENTS_SHOWN)
    .execute();
  return newest.reverse();
}

export type CommentRow = Awaited<ReturnType<typeof listComments>>[number];

export async function addComment(
  db: Db,
  errorId: number,
  author: { memberId: number | null; label: string },
  body: string,
): Promise<CommentRow> {
  return db
    .insertInto('comments')
    .values({ error_id: errorId, member_id: author.memberId, author: author.label, body })
    .returning(['id', 'member_id', 'author', 'body', 'created_at'])
    .executeTakeFirstOrThrow();
}
