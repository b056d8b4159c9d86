/**
 * The issues list's state, kept in the address bar (`/errors?status=resolved&sort=count&page=2`)
 * so that a view can be reloaded, bookmarked and shared, and turned into the API's query.
 */

export const STATUSES = ['open', 'resolved', 'ignored', 'all'] as const;
export const LEVELS = ['fatal', 'error', 'warning', 'info', 'debug'] as const;
export const SORTS = ['last_seen', 'first_seen', 'count'] as const;
/** The sources clients send (the API takes any name up to 50 characters; `backend` is its default). */
export const SOURCES = ['backend', 'browser'] as const;
export const PAGE_SIZE = 25;

export type StatusFilter = (typeof STATUSES)[number];
export type Level = (typeof LEVELS)[number];
export type Sort = (typeof SORTS)[number];

export interface ListState {
  /** `all` is open and resolved: the API leaves ignored groups out unless asked for them. */
  readonly status: StatusFilter;
  readonly level?: Level;
  readonly project?: string;
  readonly environment?: string;
  /** Where the error was raised, as the client named it: `backend`, `browser`, or another name from a link. */
  readonly source?: string;
  readonly search?: string;
  /** A member id, `me` or `none` (unassigned). */
  readonly assignee?: string;
  readonly sort: Sort;
  /** 1-based. */
  readonly page: number;
}

export const DEFAULT_LIST: ListState = { status: 'open', sort: 'last_seen', page: 1 };

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  values.find((candidate) => candidate === value);

const assigneeOf = (value: string | null): string | undefined =>
  value !== null && /^(me|none|[1-9]\d{0,15})$/.test(value) ? value : undefined;

const text = (value: string | null, max: number): string | undefined => {
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? undefined : trimmed.slice(0, max);
};

const FILTERS = ['level', 'project', 'environment', 'source', 'search', 'assignee'] as const;

/** Reads the state from a query string; what is missing or malformed takes its default. */
export function parseListState(search: string): ListState {
  const params = new URLSearchParams(search);
  const page = Number(params.get('page'));
  return {
    status: oneOf(STATUSES, params.get('status')) ?? DEFAULT_LIST.status,
    level: oneOf(LEVELS, params.get('level')),
    project: text(params.get('project'), 100),
    environment: text(params.get('environment'), 50),
    source: text(params.get('source'), 50),
    search: text(params.get('search'), 200),
    assignee: assigneeOf(params.get('assignee')),
    sort: oneOf(SORTS, params.get('sort')) ?? DEFAULT_LIST.sort,
    page: Number.isSafeInteger(page) && page > 1 ? page : 1,
  };
}

/** The query string for the address bar: only what differs from the defaults, in a stable order. */
export function listStateToSearch(state: ListState): string {
  const params = new URLSearchParams();
  if (state.status !== DEFAULT_LIST.status) params.set('status', state.status);
  for (const key of FILTERS) {
    const value = state[key];
    if (value !== undefined) params.set(key, value);
  }
  if (state.sort !== DEFAULT_LIST.sort) params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  const query = params.toString();
  return query === '' ? '' : `?${query}`;
}

/** The `GET /api/errors` query for the state's page. */
export function listStateToApiQuery(state: ListState, pageSize = PAGE_SIZE): string {
  const params = new URLSearchParams();
  if (state.status !== 'all') params.set('status', state.status);
  for (const key of FILTERS) {
    const value = state[key];
    if (value !== undefined) params.set(key, value);
  }
  params.set('sort', state.sort);
  params.set('limit', String(pageSize));
  params.set('offset', String((state.page - 1) * pageSize));
  return `?${params.toString()}`;
}

/** A filter changed: back to the first page (the old page number means nothing in the new list). */
export function withFilter(state: ListState, change: Partial<Omit<ListState, 'page'>>): ListState {
  return { ...state, ...change, page: 1 };
}

export interface PageSummary {
  /** `1–25 of 1,000+`, or `No issues`. */
  readonly text: string;
  readonly hasPrevious: boolean;
  readonly hasNext: boolean;
}

/** What the pager says, from the API's total (a lower bound when `total_exact` is false). */
export function summarizePage(
  state: ListState,
  shown: number,
  total: number,
  totalExact: boolean,
  pageSize = PAGE_SIZE,
): PageSummary {
  const first = (state.page - 1) * pageSize + 1;
  const last = first + shown - 1;
  const hasNext = totalExact ? last < total : shown === pageSize;
  const count = `${total.toLocaleString('en-US')}${totalExact ? '' : '+'}`;
  return {
    text: shown === 0 ? (state.page > 1 ? 'No issues on this page' : 'No issues') : `${first}–${last} of ${count}`,
    hasPrevious: state.page > 1,
    hasNext,
  };
}
