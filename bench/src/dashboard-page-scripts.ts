/**
 * What the dashboard bench runs inside Chromium, as source text (evaluated through the browser's
 * protocol, so the page's CSP does not apply, and Node's compiler needs no DOM types).
 */

/** Page size the dashboard asks for; the bench can ask for more per page through this. */
export const SHIPPED_PAGE_SIZE = 25;

/**
 * Before the app loads: `window.__benchRows` (25 by default) sets how many rows a page of the
 * issues list asks the API for, so the same component can be timed on 50 rows.
 */
export const PAGE_SIZE_SWITCH = `(() => {
  const original = window.fetch;
  window.__benchRows = ${SHIPPED_PAGE_SIZE};
  window.fetch = (input, init) => {
    if (typeof input === 'string' && window.__benchRows !== ${SHIPPED_PAGE_SIZE}) {
      const url = new URL(input, location.href);
      if (url.pathname === '/api/errors' && url.searchParams.get('limit') === '${SHIPPED_PAGE_SIZE}') {
        const page = Number(url.searchParams.get('offset')) / ${SHIPPED_PAGE_SIZE};
        url.searchParams.set('limit', String(window.__benchRows));
        url.searchParams.set('offset', String(page * window.__benchRows));
        input = url.pathname + url.search;
      }
    }
    return original.call(window, input, init);
  };
})()`;

/** Resolves right after the frame that follows now has been painted (rAF, then the next task). */
const AFTER_PAINT = `(resolve) => requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve(performance.now());
  channel.port2.postMessage(null);
})`;

/** What one timed render answers (times on the page's performance clock, in ms). */
export interface PageRender {
  readonly responseEnd: number;
  readonly painted: number;
  /** The list request the page made (with the rows it asked for). */
  readonly url: string;
  /** Each row's issue link, in order. */
  readonly links: string[];
}

/**
 * Navigates the open issues list to `href` (as the back button would) and answers when `rows`
 * rows, each with its sparkline, are in the DOM and painted, with the list response's responseEnd
 * from Resource Timing. The list is cleared first (the page shows "Loading…" for a new query), so
 * the rows seen are the new answer's.
 */
export const renderList = (href: string, rows: number): string => `new Promise((resolve, reject) => {
  // A hidden page gets no frames and slowed timers: every figure would be wrong.
  if (document.visibilityState !== 'visible') throw new Error('the page is not visible');
  performance.clearResourceTimings();
  const afterPaint = ${AFTER_PAINT};
  const rowsNow = () => [...document.querySelectorAll('table tbody tr')];
  const drawn = (row) => (row.querySelector('svg.sparkline polyline')?.getAttribute('points') ?? '') !== '';
  let cleared = false;
  const timer = setTimeout(() => {
    observer.disconnect();
    reject(new Error('no list of ${rows} rows at ' + ${JSON.stringify(href)} + ' within 15 s'));
  }, 15000);
  const observer = new MutationObserver(() => {
    const current = rowsNow();
    if (current.length === 0) cleared = true;
    if (!cleared || current.length !== ${rows} || !current.every(drawn)) return;
    observer.disconnect();
    clearTimeout(timer);
    new Promise(afterPaint).then((painted) => {
      const entry = performance
        .getEntriesByType('resource')
        .filter((e) => new URL(e.name).pathname === '/api/errors')
        .at(-1);
      resolve({
        responseEnd: entry ? entry.responseEnd : Number.NaN,
        painted,
        url: entry ? entry.name : '',
        links: current.map((row) => row.querySelector('a.issue-link')?.getAttribute('href') ?? ''),
      });
    });
  });
  observer.observe(document.body, { childList: true, subtree: true });
  history.pushState(null, '', ${JSON.stringify(href)});
  dispatchEvent(new PopStateEvent('popstate'));
})`;

/**
 * The reference, in the same page beside the app's root (same stylesheet, same frames): the same
 * answer (its JSON text, as received) parsed and turned into a plain HTML table with the same
 * columns and sparklines, set with innerHTML; answers ms from the text in hand to painted, then
 * removes its table.
 */
export const renderReference = (json: string): string => `new Promise((resolve) => {
  const box = document.getElementById('bench-reference') ?? document.body.appendChild(document.createElement('div'));
  box.id = 'bench-reference';
  const started = performance.now();
  const list = JSON.parse(${JSON.stringify(json)});
  const esc = (value) => String(value ?? '').replace(/[&<>"']/g, (c) => '&#' + c.charCodeAt(0) + ';');
  const line = (counts) => {
    const peak = Math.max(1, ...counts);
    const step = counts.length > 1 ? 96 / (counts.length - 1) : 0;
    return counts.map((n, hour) => Math.round(hour * step * 10) / 10 + ',' + Math.round((23 - (n / peak) * 22) * 10) / 10).join(' ');
  };
  const sparkline = (counts) => {
    const label = esc(counts.reduce((sum, n) => sum + n, 0) + ' events in the last 24 hours');
    return '<svg class="sparkline" role="img" aria-label="' + label + '" width="96" height="24" viewBox="0 0 96 24"><title>' +
      label + '</title><polyline points="' + line(counts) + '" fill="none" stroke="#1d4ed8" stroke-width="1.5"></polyline></svg>';
  };
  const time = (at) => '<time datetime="' + esc(at) + '">' + esc(at) + '</time>';
  const rows = list.errors.map((g) =>
    '<tr><td><a class="issue-link" href="/errors/' + g.id + '"><strong>' + esc(g.exception_type) + '</strong> <span class="message">' +
    esc(g.message) + '</span></a>' + (g.culprit ? '<div class="culprit mono">' + esc(g.culprit) + '</div>' : '') + '</td>' +
    '<td><span class="badge badge-' + esc(g.level) + '">' + esc(g.level) + '</span></td>' +
    '<td><span class="badge badge-' + esc(g.status) + '">' + esc(g.status) + '</span></td>' +
    '<td class="number">' + g.count + '</td><td>' + sparkline(g.last_24h) + '</td><td>' + time(g.last_seen) + '</td><td>' +
    time(g.first_seen) + '</td><td>' + esc(g.project) + '<div class="muted">' + esc(g.environment) + '</div></td><td>' +
    (g.assignee ? esc(g.assignee.name) : '<span class="muted">nobody</span>') + '</td></tr>').join('');
  box.innerHTML =
    '<table><caption class="visually-hidden">Issues</caption><thead><tr>' +
    ['Issue', 'Level', 'Status', 'Events', 'Last 24 hours', 'Last seen', 'First seen', 'Project', 'Assignee']
      .map((c) => '<th scope="col">' + c + '</th>').join('') + '</tr></thead><tbody>' + rows + '</tbody></table>';
  new Promise(${AFTER_PAINT}).then((painted) => {
    box.innerHTML = '';
    resolve(painted - started);
  });
})`;
