import { useState } from 'preact/hooks';
import { send } from '../api/client';
import type { GroupDetail, GroupStatus } from '../api/types';
import { useAction } from '../api/use-action';
import { useResource } from '../api/use-resource';
import { Badge } from '../components/badge';
import { ConfirmButton } from '../components/confirm-button';
import { PageTitle } from '../components/page-title';
import { Loaded, Problem, ReadOnly } from '../components/states';
import { count, timeAgo, utc } from '../lib/format';
import { can, type Session } from '../lib/permissions';
import { Link, navigate } from '../router';
import { Frames } from './error-frames';
import { HourlyTrend } from './error-hourly';
import { AssigneeField, Comments } from './error-triage';
import { Occurrences } from './occurrences';

type Change = 'resolve' | 'unresolve' | 'ignore';
const DONE: Readonly<Record<Change, string>> = { resolve: 'Resolved.', unresolve: 'Reopened.', ignore: 'Ignored.' };

/** The buttons a group's status offers: each leads to another status. */
const changesFor = (status: GroupStatus): Array<readonly [Change, string]> =>
  [['resolve', 'Resolve'] as const, ['unresolve', 'Reopen'] as const, ['ignore', 'Ignore'] as const].filter(
    ([change]) =>
      !(change === 'resolve' && status === 'resolved') &&
      !(change === 'unresolve' && status === 'open') &&
      !(change === 'ignore' && status === 'ignored'),
  );

function Actions({
  id,
  status,
  onChanged,
}: {
  readonly id: number;
  readonly status: GroupStatus;
  readonly onChanged: (message: string) => void;
}) {
  const { error, run } = useAction();
  const act = async (change: () => Promise<unknown>, message: string) => {
    if (await run(change)) onChanged(message);
  };
  return (
    <div class="actions">
      {changesFor(status).map(([change, label]) => (
        <button
          key={change}
          type="button"
          onClick={() => void act(() => send('POST', `/api/errors/${id}/${change}`), DONE[change])}
        >
          {label}
        </button>
      ))}
      <ConfirmButton
        label="Delete"
        question="Delete this issue and its occurrences for good?"
        onConfirm={() =>
          act(async () => {
            await send('DELETE', `/api/errors/${id}`);
            navigate('/errors');
          }, 'Deleted.')
        }
      />
      <Problem error={error} />
    </div>
  );
}

export function ErrorDetail({ id, session }: { readonly id: number; readonly session: Session }) {
  const detail = useResource<GroupDetail>(`/api/errors/${id}`);
  const [message, setMessage] = useState('');
  return (
    <Loaded resource={detail}>
      {({ error: group, occurrences }) => (
        <article class="group">
          <p>
            <Link href="/errors">← Issues</Link>
          </p>
          <PageTitle text={`${group.exception_type}: ${group.message}`.slice(0, 120)}>
            {group.exception_type} <span class="message">{group.message}</span>
          </PageTitle>
          <p class="meta">
            <Badge value={group.status} /> <Badge value={group.level} /> {group.project} · {group.environment} · {group.source}
          </p>
          <dl class="facts inline">
            <div>
              <dt>Events</dt>
              <dd>{count(group.count)}</dd>
            </div>
            <div>
              <dt>First seen</dt>
              <dd title={utc(group.first_seen)}>{timeAgo(group.first_seen)}</dd>
            </div>
            <div>
              <dt>Last seen</dt>
              <dd title={utc(group.last_seen)}>{timeAgo(group.last_seen)}</dd>
            </div>
            {group.resolved_at && (
              <div>
                <dt>Resolved</dt>
                <dd title={utc(group.resolved_at)}>{timeAgo(group.resolved_at)}</dd>
              </div>
            )}
          </dl>
          <p role="status" class="done">
            {message}
          </p>
          {can(session, 'write') ? (
            <Actions
              id={id}
              status={group.status}
              onChanged={(done) => {
                setMessage(done);
                detail.reload();
              }}
            />
          ) : (
            <ReadOnly>Your key can read issues but not change them.</ReadOnly>
          )}
          <AssigneeField
            id={id}
            assignee={group.assignee}
            session={session}
            onChanged={(done) => {
              setMessage(done);
              detail.reload();
            }}
          />
          {group.culprit && (
            <p>
              Culprit: <code>{group.culprit}</code>
            </p>
          )}
          <section aria-labelledby="trace">
            <h2 id="trace">Stack trace</h2>
            <Frames frames={group.frames} traceback={group.traceback} />
          </section>
          <HourlyTrend id={id} />
          <section aria-labelledby="occurrences">
            <h2 id="occurrences">Latest occurrences</h2>
            <Occurrences occurrences={occurrences} />
          </section>
          <Comments id={id} session={session} />
        </article>
      )}
    </Loaded>
  );
}
