import { useEffect, useState } from 'preact/hooks';
import { send } from '../api/client';
import type { GroupList } from '../api/types';
import { useAction } from '../api/use-action';
import { useLiveGroups } from '../api/use-live-groups';
import { useResource } from '../api/use-resource';
import { Badge } from '../components/badge';
import { Choice } from '../components/choice';
import { Sparkline } from '../components/sparkline';
import { PageTitle } from '../components/page-title';
import { Loaded, Problem } from '../components/states';
import { useShortcuts } from '../components/use-shortcuts';
import { Table } from '../components/table';
import { count, timeAgo, utc } from '../lib/format';
import { can, type Session } from '../lib/permissions';
import { type LiveKind, liveSummary } from '../lib/live';
import { moved } from '../lib/shortcuts';
import {
  LEVELS,
  type ListState,
  listStateToApiQuery,
  listStateToSearch,
  parseListState,
  SORTS,
  SOURCES,
  STATUSES,
  summarizePage,
  withFilter,
} from '../lib/list-query';
import { Link, navigate, usePlace } from '../router';
import { assigneeName } from './error-triage';

const SORT_LABELS: Readonly<Record<(typeof SORTS)[number], string>> = {
  last_seen: 'Last seen',
  first_seen: 'First seen',
  count: 'Events',
};

const go = (state: ListState) => navigate(`/errors${listStateToSearch(state)}`);

/** Whose issues: me (a member's key only), nobody's, or a member's by id (from a link). */
function assigneeOptions(state: ListState, session: Session): Array<readonly [string, string]> {
  const options: Array<readonly [string, string]> = session.member_id === null ? [] : [['me', 'assigned to me']];
  options.push(['none', 'unassigned']);
  if (state.assignee !== undefined && !['me', 'none'].includes(state.assignee))
    options.push([state.assignee, `member ${state.assignee}`]);
  return options;
}

function Filters({
  state,
  projects,
  session,
}: {
  readonly state: ListState;
  readonly projects: readonly string[];
  readonly session: Session;
}) {
  const [search, setSearch] = useState(state.search ?? '');
  const [environment, setEnvironment] = useState(state.environment ?? '');
  useEffect(() => {
    setSearch(state.search ?? '');
    setEnvironment(state.environment ?? '');
  }, [state.search, state.environment]);
  const text = (value: string) => (value.trim() === '' ? undefined : value.trim());
  return (
    <form
      class="filters"
      role="search"
      aria-label="Filter issues"
      onSubmit={(event) => {
        event.preventDefault();
        go(withFilter(state, { search: text(search), environment: text(environment) }));
      }}
    >
      <label>
        Search
        <input type="search" name="search" value={search} onInput={(event) => setSearch(event.currentTarget.value)} />
      </label>
      <Choice
        label="Status"
        name="status"
        value={state.status}
        options={STATUSES.map((status) => [status, status === 'all' ? 'open and resolved' : status] as const)}
        onChange={(status) => go(withFilter(state, { status: status || 'open' }))}
      />
      <Choice
        label="Level"
        name="level"
        value={state.level ?? ''}
        options={LEVELS}
        blank="any"
        onChange={(level) => go(withFilter(state, { level: level || undefined }))}
      />
      <Choice
        label="Project"
        name="project"
        value={state.project ?? ''}
        options={[...new Set([...projects, ...(state.project ? [state.project] : [])])]}
        blank="any"
        onChange={(project) => go(withFilter(state, { project: project || undefined }))}
      />
      <label>
        Environment
        <input
          type="text"
          name="environment"
          value={environment}
          onInput={(event) => setEnvironment(event.currentTarget.value)}
        />
      </label>
      <Choice
        label="Source"
        name="source"
        value={state.source ?? ''}
        options={[...new Set<string>([...SOURCES, ...(state.source ? [state.source] : [])])]}
        blank="any"
        onChange={(source) => go(withFilter(state, { source: source || undefined }))}
      />
      <Choice
        label="Assignee"
        name="assignee"
        value={state.assignee ?? ''}
        options={assigneeOptions(state, session)}
        blank="anyone"
        onChange={(assignee) => go(withFilter(state, { assignee: assignee || undefined }))}
      />
      <Choice
        label="Sort by"
        name="sort"
        value={state.sort}
        options={SORTS.map((sort) => [sort, SORT_LABELS[sort]] as const)}
        onChange={(sort) => go(withFilter(state, { sort: sort || 'last_seen' }))}
      />
      <button type="submit">Apply</button>
    </form>
  );
}

function Pager({ state, list }: { readonly state: ListState; readonly list: GroupList }) {
  const summary = summarizePage(state, list.errors.length, list.total, list.total_exact);
  const to = (page: number) => `/errors${listStateToSearch({ ...state, page })}`;
  return (
    <nav class="pager" aria-label="Pages">
      <span role="status">{summary.text}</span>
      {summary.hasPrevious && <Link href={to(state.page - 1)}>Previous page</Link>}
      {summary.hasNext && <Link href={to(state.page + 1)}>Next page</Link>}
    </nav>
  );
}

const issueLinks = () => document.querySelectorAll<HTMLAnchorElement>('table .issue-link');

const LIVE_LABELS: Readonly<Record<LiveKind, string>> = { created: 'new', regressed: 'regressed' };

function GroupTable({
  list,
  selected,
  live,
  onSelect,
}: {
  readonly list: GroupList;
  readonly selected: number | null;
  readonly live: ReadonlyMap<number, LiveKind>;
  readonly onSelect: (index: number) => void;
}) {
  if (list.errors.length === 0) return null;
  return (
    <Table
      caption="Issues"
      columns={[
        'Issue',
        'Level',
        'Status',
        { label: 'Events', numeric: true },
        'Last 24 hours',
        'Last seen',
        'First seen',
        'Project',
        'Assignee',
      ]}
    >
      {list.errors.map((group, index) => (
        <tr key={group.id} class={index === selected ? 'selected' : undefined} onFocusIn={() => onSelect(index)}>
          <td>
            {live.has(group.id) && <span class="live-marker">{LIVE_LABELS[live.get(group.id) ?? 'created']}</span>}
            <Link href={`/errors/${group.id}`} class="issue-link">
              <strong>{group.exception_type}</strong> <span class="message">{group.message}</span>
            </Link>
            {group.culprit && <div class="culprit mono">{group.culprit}</div>}
          </td>
          <td>
            <Badge value={group.level} />
          </td>
          <td>
            <Badge value={group.status} />
          </td>
          <td class="number">{count(group.count)}</td>
          <td>
            <Sparkline counts={group.last_24h} />
          </td>
          <td>
            <time dateTime={group.last_seen} title={utc(group.last_seen)}>
              {timeAgo(group.last_seen)}
            </time>
          </td>
          <td>
            <time dateTime={group.first_seen} title={utc(group.first_seen)}>
              {timeAgo(group.first_seen)}
            </time>
          </td>
          <td>
            {group.project}
            <div class="muted">{group.environment}</div>
          </td>
          <td>{group.assignee ? assigneeName(group.assignee) : <span class="muted">nobody</span>}</td>
        </tr>
      ))}
    </Table>
  );
}

export function ErrorsList({ session }: { readonly session: Session }) {
  const place = usePlace();
  const state = parseListState(place.search);
  const list = useResource<GroupList>(`/api/errors${listStateToApiQuery(state)}`);
  const projects = useResource<{ projects: string[] }>('/api/projects');
  const [selected, setSelected] = useState<number | null>(null);
  const [message, setMessage] = useState('');
  const { error, run } = useAction();
  const live = useLiveGroups(list.reload);
  const rows = list.data?.errors ?? [];
  const path = listStateToApiQuery(state);
  useEffect(() => setSelected(null), [path]);

  useShortcuts((shortcut, event) => {
    const group = selected === null ? undefined : rows[selected];
    if (shortcut === 'search') {
      event.preventDefault();
      document.querySelector<HTMLInputElement>('input[name="search"]')?.focus();
    } else if (shortcut === 'next' || shortcut === 'previous') {
      const next = moved(selected, rows.length, shortcut);
      setSelected(next);
      if (next !== null) issueLinks()[next]?.focus();
    } else if (shortcut === 'open') {
      // A focused link or button opens itself.
      if (group && !(document.activeElement instanceof HTMLAnchorElement || document.activeElement instanceof HTMLButtonElement))
        navigate(`/errors/${group.id}`);
    } else if (group && can(session, 'write')) {
      const [path, done] = shortcut === 'resolve' ? ['resolve', 'Resolved'] : ['ignore', 'Ignored'];
      void run(() => send('POST', `/api/errors/${group.id}/${path}`)).then((ok) => {
        if (!ok) return;
        setMessage(`${done}: ${group.exception_type} ${group.message}`.slice(0, 160));
        list.reload();
      });
    }
  });

  return (
    <>
      <PageTitle text="Issues" />
      <Filters state={state} projects={projects.data?.projects ?? []} session={session} />
      <p class="muted keys" id="list-keys">
        Keys: <kbd>j</kbd> / <kbd>k</kbd> move, <kbd>Enter</kbd> opens,{' '}
        {can(session, 'write') && (
          <>
            <kbd>r</kbd> resolves, <kbd>i</kbd> ignores,{' '}
          </>
        )}
        <kbd>/</kbd> searches.
      </p>
      <p role="status" class="done">
        {message}
      </p>
      <p role="status" class="live">
        {liveSummary(live)}
      </p>
      <Problem error={error} />
      <Loaded resource={list}>
        {(data) => (
          <>
            <GroupTable list={data} selected={selected} live={live} onSelect={setSelected} />
            <Pager state={state} list={data} />
          </>
        )}
      </Loaded>
    </>
  );
}
