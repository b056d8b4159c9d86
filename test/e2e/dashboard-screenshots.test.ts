import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { type DashboardSystem, startDashboardSystem } from '../support/dashboard-system';
import { useSandbox } from '../support/sandbox';
import { TEST_API_KEY } from '../support/test-config';
import { waitUntil } from '../support/wait-for';

/**
 * Every page rendered from the built system with sample data, as a screenshot. In the test run they
 * go to a temporary folder; `DASHBOARD_SCREENSHOTS=1 npx jest test/e2e/dashboard-screenshots.test.ts`
 * writes the README's (docs/screenshots/).
 */
const OUT =
  process.env.DASHBOARD_SCREENSHOTS === '1'
    ? join(__dirname, '..', '..', 'docs', 'screenshots')
    : mkdtempSync(join(tmpdir(), 'et-screenshots-'));
const sandbox = useSandbox();
let system: DashboardSystem;

const frame = (file: string, line: number, fn: string, code: string) => [
  `  File "${file}", line ${line}, in ${fn}`,
  `    ${code}`,
];
const trace = (file: string, line: number, fn: string, code: string, error: string) =>
  ['Traceback (most recent call last):', ...frame(file, line, fn, code), error].join('\n');
/** The app's frame called from Flask, two library frames that the issue page folds. */
const flaskTrace = (file: string, line: number, fn: string, code: string, error: string) =>
  [
    'Traceback (most recent call last):',
    ...frame('/usr/lib/python3/dist-packages/flask/app.py', 1511, 'wsgi_app', 'response = self.full_dispatch_request()'),
    ...frame(
      '/usr/lib/python3/dist-packages/flask/app.py',
      919,
      'dispatch_request',
      'return self.ensure_sync(view)(**view_args)',
    ),
    ...frame(file, line, fn, code),
    error,
  ].join('\n');

async function seed(): Promise<number> {
  const { report, api, join: joinTeam } = system;
  const invoice = {
    project: 'billing',
    environment: 'production',
    message: "invalid literal for int() with base 10: 'abc'",
    traceback: flaskTrace(
      '/srv/billing/invoices.py',
      42,
      'create_invoice',
      'total = int(raw_total)',
      "ValueError: invalid literal for int() with base 10: 'abc'",
    ),
    request_url: '/api/invoices',
    request_method: 'POST',
  };
  const id = await report({ ...invoice, user_id: 'user-42' });
  for (const user of ['user-7', 'user-9', 'user-12']) await report({ ...invoice, user_id: user });
  await report({
    project: 'web',
    level: 'fatal',
    source: 'browser',
    exception_type: 'TypeError',
    message: "Cannot read properties of undefined (reading 'price')",
  });
  await report({
    project: 'web',
    level: 'warning',
    source: 'browser',
    exception_type: 'ChunkLoadError',
    message: 'Loading chunk checkout failed',
  });
  await report({
    project: 'api',
    exception_type: 'TimeoutError',
    message: 'upstream payments service did not answer within 5000 ms',
    traceback: trace(
      '/srv/api/payments.py',
      88,
      'charge',
      'response = client.post(url, timeout=5)',
      'TimeoutError: upstream payments service did not answer within 5000 ms',
    ),
  });
  await report({ project: 'api', level: 'error', exception_type: 'KeyError', message: "'currency'" });
  const dana = await joinTeam('dana@example.com', 'Dana Developer');
  await joinTeam('vera@example.com', 'Vera Viewer', 'viewer');
  await api('PUT', `/api/errors/${id}/assignee`, { member_id: dana });
  await api('POST', `/api/errors/${id}/comments`, {
    body: 'The total arrives as text from the legacy form; parse it before the cast.',
  });
  await api('POST', '/api/projects', { name: 'mobile' });
  await api('POST', '/api/alerts/rules', { name: 'Billing errors spike', threshold: 50, time_window: '5m', project: 'billing' });
  await api('POST', '/api/alerts/incidents', { title: 'Payments timeouts', severity: 'high' });
  await api('PUT', '/api/settings/integrations/slack', {
    config: { webhook_url: 'https://hooks.slack.com/services/T0/B0/XXXX' },
  });
  await api('POST', '/api/settings/api-keys', { name: 'CI deploys', permissions: ['ingest'] });
  return id;
}

/** Opens the page, waits for its data, does what `then` asks (open a DSN), and takes the picture. */
async function shoot(page: Page, path: string, name: string, then?: (page: Page) => Promise<void>): Promise<void> {
  await page.goto(`${system.base}${path}`);
  await page.locator('h1').first().waitFor();
  await waitUntil(`${path} loaded`, async () => (await page.locator('main [role=status].muted').count()) === 0);
  await then?.(page);
  await page.screenshot({ path: join(OUT, `${name}.png`) });
}

async function showFlaskSnippet(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Show DSN of mobile' }).click();
  await page.getByLabel('SDK for mobile').selectOption('flask');
  await page.locator('.snippet pre').filter({ hasText: 'FlaskIntegration' }).waitFor();
}

describe('dashboard screenshots', () => {
  beforeAll(async () => {
    system = await startDashboardSystem(sandbox);
    mkdirSync(OUT, { recursive: true });
  });

  it('takes one of every page', async () => {
    const issue = await seed();
    const context = await system.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(`${system.base}/errors`);
    await page.getByLabel('API key').fill('et_' + '•'.repeat(10));
    await page.screenshot({ path: join(OUT, 'sign-in.png') });
    await page.getByLabel('API key').fill(TEST_API_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('table').waitFor();

    const pages: Array<readonly [string, string, ((page: Page) => Promise<void>)?]> = [
      ['/errors', 'issues'],
      [`/errors/${issue}`, 'issue'],
      ['/stats', 'stats'],
      ['/projects', 'projects', showFlaskSnippet],
      ['/alerts/rules', 'alert-rules'],
      ['/alerts/incidents', 'incidents'],
      ['/monitoring', 'monitoring'],
      ['/settings/api-keys', 'api-keys'],
      ['/settings/team', 'team'],
      ['/settings/integrations', 'integrations'],
      ['/settings/audit-log', 'audit-log'],
    ];
    for (const [path, name, then] of pages) await shoot(page, path, name, then);

    const invited = await system.api('POST', '/api/settings/team/invite', { email: 'new@example.com', role: 'developer' });
    const acceptUrl = ((await invited.json()) as { invitation: { accept_url: string } }).invitation.accept_url;
    const stranger = await (await system.browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await stranger.goto(acceptUrl);
    await stranger.getByLabel('Your name').fill('Nico New');
    await stranger.screenshot({ path: join(OUT, 'invite.png') });
  });
});
