import { useState } from 'preact/hooks';
import { send } from '../api/client';
import type { Assignee, Comment, Member } from '../api/types';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { Problem } from '../components/states';
import { timeAgo, utc } from '../lib/format';
import { can, type Session } from '../lib/permissions';

export const assigneeName = (assignee: Assignee): string => assignee.name || assignee.email;

/**
 * Who may be picked: nobody, the signed-in member, the current assignee, and for admins (who can
 * read the team) every active member.
 */
function candidates(session: Session, current: Assignee | null, team: readonly Member[]): Array<readonly [string, string]> {
  const options = new Map<string, string>([['', 'Nobody']]);
  if (session.member_id !== null) options.set(String(session.member_id), `Me (${session.label})`);
  if (current) options.set(String(current.id), assigneeName(current));
  for (const member of team) if (member.status === 'active') options.set(String(member.id), assigneeName(member));
  return [...options];
}

export function AssigneeField({
  id,
  assignee,
  session,
  onChanged,
}: {
  readonly id: number;
  readonly assignee: Assignee | null;
  readonly session: Session;
  readonly onChanged: (message: string) => void;
}) {
  const team = useResource<{ members: Member[] }>(can(session, 'admin') ? '/api/settings/team' : null);
  const { error, run } = useAction();
  if (!can(session, 'write')) {
    return (
      <p>
        Assigned to: <strong>{assignee ? assigneeName(assignee) : 'nobody'}</strong>
      </p>
    );
  }
  const assign = async (value: string) => {
    const member_id = value === '' ? null : Number(value);
    if (await run(() => send('PUT', `/api/errors/${id}/assignee`, { member_id })))
      onChanged(member_id === null ? 'Unassigned.' : 'Assigned.');
  };
  return (
    <div class="assignee">
      <label>
        Assigned to
        <select
          name="assignee"
          value={assignee ? String(assignee.id) : ''}
          onChange={(event) => void assign(event.currentTarget.value)}
        >
          {candidates(session, assignee, team.data?.members ?? []).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </label>
      <Problem error={error} />
    </div>
  );
}

export function Comments({ id, session }: { readonly id: number; readonly session: Session }) {
  const comments = useResource<{ comments: Comment[] }>(`/api/errors/${id}/comments`);
  const [body, setBody] = useState('');
  const { error, run } = useAction();
  const add = async (event: Event) => {
    event.preventDefault();
    if (await run(() => send('POST', `/api/errors/${id}/comments`, { body: body.trim() }))) {
      setBody('');
      comments.reload();
    }
  };
  const list = comments.data?.comments ?? [];
  return (
    <section aria-labelledby="comments">
      <h2 id="comments">Comments</h2>
      {list.length === 0 ? (
        <p class="muted">{comments.data ? 'No comments yet.' : 'Loading…'}</p>
      ) : (
        <ol class="comments">
          {list.map((comment) => (
            <li key={comment.id}>
              <p class="meta">
                <strong>{comment.author.label}</strong>{' '}
                <time dateTime={comment.created_at} title={utc(comment.created_at)}>
                  {timeAgo(comment.created_at)}
                </time>
              </p>
              <p class="comment-body">{comment.body}</p>
            </li>
          ))}
        </ol>
      )}
      <Problem error={comments.error} />
      {can(session, 'write') && (
        <form onSubmit={(event) => void add(event)}>
          <label>
            Comment
            <textarea
              name="comment"
              rows={3}
              maxLength={10_000}
              required
              value={body}
              onInput={(event) => setBody(event.currentTarget.value)}
            />
          </label>
          <button type="submit" disabled={body.trim() === ''}>
            Add comment
          </button>
          <Problem error={error} />
        </form>
      )}
    </section>
  );
}
