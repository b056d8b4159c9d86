import {
  DEFAULT_LIST,
  listStateToApiQuery,
  listStateToSearch,
  parseListState,
  summarizePage,
  withFilter,
} from '../../src/lib/list-query';

describe('the issues list state in the address bar', () => {
  it('reads defaults from an empty query: open issues, newest first, page 1', () => {
    expect(parseListState('')).toEqual({
      ...DEFAULT_LIST,
      level: undefined,
      project: undefined,
      environment: undefined,
      search: undefined,
    });
    expect(listStateToSearch(parseListState(''))).toBe('');
  });

  it('round-trips every filter, writing only what differs from the defaults, in a stable order', () => {
    const search = '?status=resolved&level=fatal&project=shop&environment=staging&search=timeout+error&sort=count&page=3';
    const state = parseListState(search);
    expect(state).toEqual({
      status: 'resolved',
      level: 'fatal',
      project: 'shop',
      environment: 'staging',
      search: 'timeout error',
      sort: 'count',
      page: 3,
    });
    expect(listStateToSearch(state)).toBe(search);
    expect(listStateToSearch(parseListState('?page=2&sort=count&status=ignored'))).toBe('?status=ignored&sort=count&page=2');
  });

  it.each([
    ['an unknown status', '?status=deleted', { status: 'open' }],
    ['an unknown level', '?level=panic', { level: undefined }],
    ['an unknown sort', '?sort=random', { sort: 'last_seen' }],
    ['a page below 1', '?page=0', { page: 1 }],
    ['a page that is not a number', '?page=two', { page: 1 }],
    ['a fractional page', '?page=1.5', { page: 1 }],
    ['a blank search', '?search=%20%20', { search: undefined }],
    ['an assignee that is no member id', '?assignee=bob', { assignee: undefined }],
  ])('ignores %s', (_what, search, expected) => {
    expect(parseListState(search)).toMatchObject(expected);
  });

  it('keeps the assignee filter (me, none or a member id) in the address and the API query', () => {
    for (const assignee of ['me', 'none', '12']) {
      const state = parseListState(`?assignee=${assignee}`);
      expect(state.assignee).toBe(assignee);
      expect(listStateToSearch(state)).toBe(`?assignee=${assignee}`);
      expect(new URLSearchParams(listStateToApiQuery(state)).get('assignee')).toBe(assignee);
    }
  });

  it('keeps the source filter (backend, browser, or another name from a link) in the address and the API query', () => {
    for (const source of ['backend', 'browser', 'mobile app']) {
      const state = parseListState(`?${new URLSearchParams({ source })}`);
      expect(state.source).toBe(source);
      expect(listStateToSearch(state)).toBe(`?${new URLSearchParams({ source })}`);
      expect(new URLSearchParams(listStateToApiQuery(state)).get('source')).toBe(source);
    }
    expect(listStateToSearch(parseListState('?source=browser&level=fatal&environment=prod&search=x'))).toBe(
      '?level=fatal&environment=prod&source=browser&search=x',
    );
    expect(parseListState(`?source=${'s'.repeat(80)}`).source).toHaveLength(50);
    expect(parseListState('?source=').source).toBeUndefined();
  });

  it('trims and bounds free text', () => {
    expect(parseListState(`?search=${'x'.repeat(500)}`).search).toHaveLength(200);
    expect(parseListState('?project=%20shop%20').project).toBe('shop');
  });

  it('asks the API for the page: status (none for open and resolved), filters, sort, limit and offset', () => {
    expect(listStateToApiQuery(DEFAULT_LIST)).toBe('?status=open&sort=last_seen&limit=25&offset=0');
    const state = parseListState('?status=all&project=a%26b&search=50%25&sort=first_seen&page=4');
    expect(new URLSearchParams(listStateToApiQuery(state, 10))).toEqual(
      new URLSearchParams({ project: 'a&b', search: '50%', sort: 'first_seen', limit: '10', offset: '30' }),
    );
  });

  it('goes back to the first page when a filter changes', () => {
    expect(withFilter({ ...DEFAULT_LIST, page: 5 }, { level: 'error' })).toEqual({ ...DEFAULT_LIST, level: 'error', page: 1 });
  });
});

describe('the pager', () => {
  const page = (n: number) => ({ ...DEFAULT_LIST, page: n });

  it('counts exactly when the API does, and offers the next page only when there is one', () => {
    expect(summarizePage(page(1), 25, 60, true)).toEqual({ text: '1–25 of 60', hasPrevious: false, hasNext: true });
    expect(summarizePage(page(3), 10, 60, true)).toEqual({ text: '51–60 of 60', hasPrevious: true, hasNext: false });
  });

  it('says "+" for a lower bound, and goes on while pages are full', () => {
    expect(summarizePage(page(2), 25, 10_000, false)).toEqual({ text: '26–50 of 10,000+', hasPrevious: true, hasNext: true });
    expect(summarizePage(page(2), 3, 10_000, false).hasNext).toBe(false);
  });

  it('tells an empty list from an empty page past the end', () => {
    expect(summarizePage(page(1), 0, 0, true).text).toBe('No issues');
    expect(summarizePage(page(9), 0, 40, true)).toEqual({ text: 'No issues on this page', hasPrevious: true, hasNext: false });
  });
});
