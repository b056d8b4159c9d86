import type { Assignee, CommentRow } from '../groups/triage-repository';

export function presentAssignee(assignee: Assignee | undefined) {
  return assignee ? { id: assignee.id, name: assignee.name, email: assignee.email } : null;
}

export function presentComment(row: CommentRow) {
  return { id: row.id, author: { member_id: row.member_id, label: row.author }, body: row.body, created_at: row.created_at };
}

/** Groups carry `assignee` (the member, or null) in place of the stored member id. */
export function withAssignee<T extends { assignee_member_id: number | null }>(row: T, members: ReadonlyMap<number, Assignee>) {
  const { assignee_member_id: id, ...rest } = row;
  return { ...rest, assignee: presentAssignee(id === null ? undefined : members.get(id)) };
}
