import type { Browser, Page } from 'playwright-core';
import { seriousViolations } from '../support/axe';
import { type DashboardSystem, startDashboardSystem } from '../support/dashboard-system';
import { useSandbox } from '../support/sandbox';
import { TEST_API_KEY } from '../support/test-config';
import { waitUntil } from '../support/wait-for';

const sandbox = useSandbox();
let browser: Browser;
let base: string;
let logs: readonly string[];
/** Secrets the first test handled, held against the logs by the second. */
const sessionSecrets: Record<string, string> = {};
const groups: Record<string, number> = {};
let api: DashboardSystem['api'];
let report: DashboardSystem['report'];
let joined: DashboardSystem['join'];

const TRACE = [
  'Traceback (most recent call last):',
  '  File "/srv/billing/invoices.py", line 42, in create_invoice',
  '    total = int(raw_total)',
  "ValueError: invalid literal for int() with base 10: 'abc'",
].join('\n');

beforeAll(async () => {
  ({ base, logs, browser, api, report, join: joined } = await startDashboardSystem(sandbox));

  groups.invoice = await report({
    project: 'billing',
    message: "invalid literal for int() with base 10: 'abc'",
    traceback: TRACE,
    user_id: 'user-42',
  });
  await report({
    project: 'billing',
    message: "invalid literal for int() with base 10: 'abc'",
    traceback: TRACE,
    user_id: 'user-7',
  });
  groups.render = await report({
    project: 'web',
    level: 'fatal',
    source: 'browser',
    exception_type: 'TypeError',
    message: 'Cannot read properties of undefined',
  });
});

/** A fresh browser context (its own cookies); the page's errors fail the test. */
async function newPage(): Promise<[Page, string[]]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Only the API can tell whether an HttpOnly cookie is there: the first check answers 401 without one.
    const noSessionYet = message.location().url === `${base}/api/session` && message.text().includes('status of 401');
    if (message.type() === 'error' && !noSessionYet) errors.push(message.text());
  });
  return [page, errors];
}

const rowNames = async (page: Page) => page.locator('table tbody tr td:first-child a').allInnerTexts();

describe('the dashboard in headless Chromium', () => {
  it('signs in with a key, filters real issues, opens one and resolves it; every view passes axe', async () => {
    const [page, errors] = await newPage();
    const violations: Record<string, string[]> = {};

    await page.goto(`${base}/errors?project=billing`);
    await page.getByLabel('API key').fill(TEST_API_KEY);
    violations['sign-in'] = await seriousViolations(page);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The link's filter holds after signing in; the key is exchanged for an HttpOnly session cookie
    // and kept nowhere in the page, nor in the address.
    await page.getByRole('heading', { name: 'Issues' }).waitFor();
    await page.locator('table').waitFor();
    expect(await rowNames(page)).toEqual(["ValueError invalid literal for int() with base 10: 'abc'"]);
    expect(page.url()).toBe(`${base}/errors?project=billing`);
    // The row's 24-hour sparkline, told in words: the two events just sent.
    await expect(page.getByRole('img', { name: /^2 events in the last 24 hours, at most 2 an hour/ }).count()).resolves.toBe(1);
    expect(
      await page.evaluate('[Object.keys(sessionStorage).length, Object.keys(localStorage).length, document.cookie]'),
    ).toEqual([0, 0, '']);
    const [cookie, ...others] = await page.context().cookies();
    expect(others).toEqual([]);
    expect(cookie).toMatchObject({
      name: 'et_session',
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: false,
      expires: -1,
    });
    await page.reload();
    await page.locator('table').waitFor();

    await page.getByLabel('Project').selectOption('');
    await page.getByLabel('Level').selectOption('fatal');
    await page.waitForURL(`${base}/errors?level=fatal`);
    await waitUntil(
      'the fatal issue alone',
      async () => (await rowNames(page)).join() === 'TypeError Cannot read properties of undefined',
    );
    await page.getByLabel('Level').selectOption('');
    await page.getByLabel('Search').fill('invalid literal');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(`${base}/errors?search=invalid+literal`);
    await waitUntil(
      'the search match alone',
      async () => (await rowNames(page)).length === 1 && (await rowNames(page))[0]?.startsWith('ValueError') === true,
    );
    await expect(page.getByRole('status').filter({ hasText: '1–1 of 1' }).count()).resolves.toBe(1);
    violations.issues = await seriousViolations(page);

    await page.getByRole('link', { name: /^ValueError/ }).click();
    await page.waitForURL(`${base}/errors/${groups.invoice}`);
    await page.getByRole('heading', { name: 'Stack trace' }).waitFor();
    expect(await page.locator('.frames').innerText()).toContain('create_invoice in /srv/billing/invoices.py:42');
    expect(await page.locator('.occurrences details').count()).toBe(2);
    expect(await page.locator('.occurrences details[open]').innerText()).toContain('user-7');
    violations.issue = await seriousViolations(page);

    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Resolved.').waitFor();
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
    const stored = (await (await api('GET', `/api/errors/${groups.invoice}`)).json()) as {
      error: { status: string; resolved_at: string | null };
    };
    expect(stored.error).toMatchObject({ status: 'resolved', resolved_at: expect.any(String) });

    // Assign to a teammate (an admin's page lists the team) and comment.
    const dana = await joined('dana@example.com', 'Dana Developer');
    await page.reload();
    await page.getByLabel('Assigned to').selectOption({ label: 'Dana Developer' });
    await page.getByText('Assigned.').waitFor();
    const assigned = (await (await api('GET', `/api/errors/${groups.invoice}`)).json()) as {
      error: { assignee: { id: number } | null };
    };
    expect(assigned.error.assignee?.id).toBe(dana);
    await page.getByRole('textbox', { name: 'Comment' }).fill('Parser bug: the total arrives as text.');
    await page.getByRole('button', { name: 'Add comment' }).click();
    await page.locator('.comments li').filter({ hasText: 'Parser bug: the total arrives as text.' }).waitFor();
    expect(await page.locator('.comments li').innerText()).toContain('bootstrap key');
    violations.triage = await seriousViolations(page);

    await page.getByRole('link', { name: 'Stats' }).click();
    await page.locator('canvas').first().waitFor();
    expect(await page.locator('.figures').innerText()).toMatch(/Issues\s+2/);
    violations.stats = await seriousViolations(page);
    for (const [link = '', heading = ''] of [
      ['Projects', 'Projects'],
      ['Alert rules', 'Alert rules'],
      ['Incidents', 'Incidents'],
      ['Monitoring', 'Monitoring'],
      ['API keys', 'API keys'],
      ['Team', 'Team'],
      ['Integrations', 'Integrations'],
      ['Audit log', 'Audit log'],
    ]) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: link }).click();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await waitUntil(`${link} loaded`, async () => (await page.locator('main [role=status].muted').count()) === 0);
      violations[link] = await seriousViolations(page);
      if (link === 'Monitoring') expect(await page.getByRole('table', { name: 'Services' }).innerText()).toContain('Database');
    }
    expect(await page.locator('table').innerText()).toContain('group.resolved');
    expect(await page.locator('table').innerText()).toContain('session.started');

    // A channel configured and tested from its card (a private address: the notifier refuses it).
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Integrations' }).click();
    const webhook = page.getByRole('region', { name: /^Webhook/ });
    await webhook.getByLabel('URL').fill('http://127.0.0.1:9/hook');
    await webhook.getByLabel(/^Signing secret/).fill('a-signing-secret-of-some-length');
    await webhook.getByRole('button', { name: 'Save Webhook' }).click();
    await webhook.getByText('Saved.').waitFor();
    await webhook.getByRole('button', { name: 'Send a test to Webhook' }).click();
    await webhook
      .getByRole('status')
      .filter({ hasText: /The test message (failed|is being retried|is queued)/ })
      .waitFor({ timeout: 30_000 });
    expect(await webhook.getByLabel(/^Signing secret/).inputValue()).toMatch(/^\*{4}/);
    violations.integrations = await seriousViolations(page);

    // Signing out ends the session on the server, not only in the page.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('You signed out.').waitFor();
    expect(await page.context().cookies()).toEqual([]);
    const ended = await fetch(`${base}/api/session`, { headers: { cookie: `et_session=${cookie?.value ?? ''}` } });
    expect(ended.status).toBe(401);
    sessionSecrets.session = cookie?.value ?? '';

    expect(violations).toEqual(Object.fromEntries(Object.keys(violations).map((view) => [view, []])));
    expect(errors).toEqual([]);
  });

  it('drives the issues list from the keyboard: j/k move the visible focus, i ignores, r resolves, / searches, Enter opens', async () => {
    const ids = { older: await report({ project: 'keys', exception_type: 'KeyError', message: "'older'" }) };
    const newer = await report({ project: 'keys', exception_type: 'LookupError', message: 'newer' });
    const [page, errors] = await newPage();
    await page.goto(`${base}/errors?project=keys`);
    await page.getByLabel('API key').fill(TEST_API_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('table').waitFor();
    const focusedIssue = () =>
      page.evaluate("document.activeElement?.closest('tr')?.querySelector('strong')?.textContent ?? null");
    const selectedIssue = () => page.locator('tr.selected strong').innerText();

    await page.keyboard.press('j');
    expect([await focusedIssue(), await selectedIssue()]).toEqual(['LookupError', 'LookupError']);
    await page.keyboard.press('j');
    expect([await focusedIssue(), await selectedIssue()]).toEqual(['KeyError', 'KeyError']);
    await page.keyboard.press('k');
    expect(await focusedIssue()).toBe('LookupError');

    await page.keyboard.press('i');
    await page.getByRole('status').filter({ hasText: 'Ignored: LookupError newer' }).waitFor();
    await waitUntil('the ignored issue leaves the open list', async () => (await rowNames(page)).length === 1);
    const state = async (id: number) =>
      ((await (await api('GET', `/api/errors/${id}`)).json()) as { error: { status: string } }).error.status;
    expect(await state(newer)).toBe('ignored');
    await page.keyboard.press('r');
    await page.getByRole('status').filter({ hasText: "Resolved: KeyError 'older'" }).waitFor();
    expect(await state(ids.older)).toBe('resolved');

    await page.keyboard.press('/');
    expect(await page.evaluate("document.activeElement?.getAttribute('name')")).toBe('search');
    await page.keyboard.type('render');
    expect(await page.getByLabel('Search').inputValue()).toBe('render');

    await page.goto(`${base}/errors?level=fatal`);
    await page.locator('table').waitFor();
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/errors/${groups.render}`);
    expect(errors).toEqual([]);
  });

  it('shows new and regressed issues in the open list without a reload, marked', async () => {
    const [page, errors] = await newPage();
    await page.goto(`${base}/errors?project=live`);
    await page.getByLabel('API key').fill(TEST_API_KEY);
    const streaming = page.waitForResponse((response) => response.url() === `${base}/api/events`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('No issues').waitFor();
    expect((await streaming).headers()['content-type']).toBe('text/event-stream; charset=utf-8');

    await report({ project: 'live', exception_type: 'LiveError', message: 'arrived while watching' });
    await page.locator('table tbody tr').filter({ hasText: 'LiveError' }).locator('.live-marker', { hasText: 'new' }).waitFor();
    await page.getByRole('status').filter({ hasText: '1 new issue since this page opened' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('filters by source, folds library frames, draws the hourly trend and offers every SDK snippet; axe on each', async () => {
    const frame = (file: string, line: number, fn: string, code: string) => [
      `  File "${file}", line ${line}, in ${fn}`,
      `    ${code}`,
    ];
    const trace = [
      'Traceback (most recent call last):',
      ...frame(
        '/usr/lib/python3/dist-packages/gunicorn/workers/sync.py',
        136,
        'handle_request',
        'respiter = self.wsgi(environ, resp.start_response)',
      ),
      ...frame('/usr/lib/python3/dist-packages/flask/app.py', 1511, 'wsgi_app', 'response = self.full_dispatch_request()'),
      ...frame(
        '/usr/lib/python3/dist-packages/flask/app.py',
        919,
        'dispatch_request',
        'return self.ensure_sync(self.view_functions[rule.endpoint])(**view_args)',
      ),
      ...frame('/srv/shop/views.py', 10, 'checkout', 'total = cart.total()'),
      ...frame('/srv/shop/cart.py', 20, 'total', 'return parse_decimal(self.raw_total)'),
      ...frame('/usr/lib/python3/dist-packages/babel/numbers.py', 1104, 'parse_decimal', 'raise NumberFormatError(msg)'),
      "babel.numbers.NumberFormatError: '12,3x' is not a valid decimal number",
    ].join('\n');
    const checkout = {
      project: 'shop',
      exception_type: 'NumberFormatError',
      message: "'12,3x' is not a valid decimal number",
      traceback: trace,
    };
    const id = await report(checkout);
    await report(checkout);
    const [page, errors] = await newPage();
    const violations: Record<string, string[]> = {};
    await page.goto(`${base}/errors?source=browser`);
    await page.getByLabel('API key').fill(TEST_API_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // The source filter: in the address, in the API query, and the back button restores it.
    await page.locator('table').waitFor();
    expect(await page.getByLabel('Source').inputValue()).toBe('browser');
    expect(await rowNames(page)).toEqual(['TypeError Cannot read properties of undefined']);
    await page.getByLabel('Source').selectOption('backend');
    await page.waitForURL(`${base}/errors?source=backend`);
    await waitUntil('backend issues only', async () =>
      (await rowNames(page)).some((name) => name.startsWith('NumberFormatError')),
    );
    expect((await rowNames(page)).filter((name) => name.startsWith('TypeError'))).toEqual([]);
    violations.source = await seriousViolations(page);
    await page.goBack();
    await page.waitForURL(`${base}/errors?source=browser`);
    await waitUntil(
      'the browser issue again',
      async () => (await rowNames(page)).join() === 'TypeError Cannot read properties of undefined',
    );
    expect(await page.getByLabel('Source').inputValue()).toBe('browser');

    // The trace: in-app frames shown, each run of library frames one button, a lone one left as it is.
    await page.goto(`${base}/errors/${id}`);
    await page.getByRole('heading', { name: 'Stack trace' }).waitFor();
    const frames = page.locator('.frames').first();
    const lines = async () => (await frames.innerText()).split('\n').filter((line) => line.trim() !== '');
    expect(await lines()).toEqual([
      expect.stringMatching(/^parse_decimal in .*babel\/numbers\.py:1104$/),
      'total in /srv/shop/cart.py:20',
      'in app',
      'checkout in /srv/shop/views.py:10',
      'in app',
      '▸ 3 library frames',
    ]);
    const fold = page.getByRole('button', { name: '3 library frames' });
    expect(await fold.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByText(/^wsgi_app in /).isVisible()).toBe(false);
    await fold.focus();
    await page.keyboard.press('Enter');
    expect(await fold.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByText(/^wsgi_app in /).isVisible()).toBe(true);
    expect((await lines()).slice(-3)).toEqual([
      expect.stringMatching(/^dispatch_request in /),
      expect.stringMatching(/^wsgi_app in /),
      expect.stringMatching(/^handle_request in /),
    ]);

    // The hourly trend: uPlot's canvas, told in words, the busy hour in the table.
    const trend = page.getByRole('region', { name: 'Events per hour' });
    await trend.locator('canvas').first().waitFor();
    expect(await trend.getByRole('img').getAttribute('aria-label')).toMatch(
      /^2 events in the last 7 days, in 1 hour; busiest hour \d{4}-\d\d-\d\d \d\d:00 UTC with 2\.$/,
    );
    await trend.getByText('Show the hours with events').click();
    expect(await trend.locator('tbody tr').allInnerTexts()).toEqual([expect.stringMatching(/ UTC\s+2$/)]);
    violations.issue = await seriousViolations(page);
    await fold.focus();
    await page.keyboard.press('Space');
    expect(await fold.getAttribute('aria-expanded')).toBe('false');
    await trend.getByLabel('Period').selectOption('24');
    await waitUntil('the 24-hour trend', async () =>
      ((await trend.getByRole('img').getAttribute('aria-label')) ?? '').includes('in the last 24 hours'),
    );

    // Projects: the DSN and a working snippet for every SDK.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
    await page.getByRole('button', { name: 'Show DSN of shop' }).click();
    const dsn = await page.getByLabel('DSN of shop').inputValue();
    expect(dsn).toMatch(/^http:\/\/[0-9a-f]{32}@127\.0\.0\.1:\d+\/\d+$/);
    const calls: Record<string, string> = {
      browser: 'Sentry.init({ dsn:',
      node: 'Sentry.init({ dsn:',
      python: 'sentry_sdk.init(dsn=',
      flask: 'integrations=[FlaskIntegration()]',
      django: 'integrations=[DjangoIntegration()]',
      ruby: 'config.dsn =',
      go: 'sentry.Init(sentry.ClientOptions{Dsn:',
      java: 'options.setDsn(',
      php: "\\Sentry\\init(['dsn' =>",
      dotnet: 'options.Dsn =',
    };
    const sdk = page.getByLabel('SDK for shop');
    const offered = await Promise.all((await sdk.locator('option').all()).map((option) => option.getAttribute('value')));
    expect(offered).toEqual(Object.keys(calls));
    for (const [value, call] of Object.entries(calls)) {
      await sdk.selectOption(value);
      const code = await page.locator('.snippet pre').innerText();
      expect([value, code.includes(call), code.includes(dsn)]).toEqual([value, true, true]);
    }
    violations.projects = await seriousViolations(page);

    expect(violations).toEqual({ source: [], issue: [], projects: [] });
    expect(errors).toEqual([]);
  });

  it('accepts an invitation in the page, shows the new key once and signs in with it; a viewer gets no triage buttons', async () => {
    const invited = await api('POST', '/api/settings/team/invite', { email: 'viewer@example.com', role: 'viewer' });
    const acceptUrl = ((await invited.json()) as { invitation: { accept_url: string } }).invitation.accept_url;
    const token = new URL(acceptUrl).searchParams.get('token') ?? '';
    expect(acceptUrl.startsWith(`${base}/invite?token=`)).toBe(true);

    const [page, errors] = await newPage();
    await page.goto(acceptUrl);
    await page.getByRole('heading', { name: 'Join the team' }).waitFor();
    // The token leaves the address bar at once (it stays in the history entry for a reload).
    await page.waitForURL(`${base}/invite`);
    await page.getByLabel('Your name').fill('Vera Viewer');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Accept the invitation' }).click();

    const key = await page.getByLabel('Your API key').inputValue();
    expect(key).toMatch(/^et_[0-9A-Za-z]{40}$/);
    expect(await page.getByText('joined as viewer').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Sign in with this key' }).click();
    await page.getByRole('heading', { name: 'Issues' }).waitFor();
    expect((await page.context().cookies()).map((c) => [c.name, c.httpOnly])).toEqual([['et_session', true]]);
    expect(await page.locator('header .who').innerText()).toBe('viewer@example.com (viewer)');
    const nav = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();
    expect(nav).toEqual(['Issues', 'Stats', 'Projects', 'Alert rules', 'Incidents', 'Monitoring']);

    await page.goto(`${base}/errors/${groups.render}`);
    await page.getByRole('heading', { name: 'Stack trace' }).waitFor();
    expect(await page.getByRole('button', { name: /Resolve|Ignore|Delete|Reopen/ }).count()).toBe(0);
    expect(await page.getByText('can read issues but not change them').count()).toBe(1);
    expect(await page.getByText('Assigned to: nobody').count()).toBe(1);
    expect(await page.getByRole('textbox', { name: 'Comment' }).count()).toBe(0);
    await page.goto(`${base}/settings/team`);
    await page.getByRole('heading', { name: 'Not for this key' }).waitFor();

    // Accepting again fails: the token is single-use.
    const again = await fetch(`${base}/api/settings/team/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, name: 'x' }),
    });
    expect(again.status).toBe(404);
    expect(errors).toEqual([]);
    const logged = logs.join('\n');
    expect(logged).toContain('"msg":"request"');
    for (const secret of [key, token, TEST_API_KEY, ...Object.values(sessionSecrets)]) expect(logged).not.toContain(secret);
  });
});
