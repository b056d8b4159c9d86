import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Response as PageResponse } from 'playwright-core';
import { type BrowserPage, serveBrowserPage } from '../fixtures/sentry/browser-page';
import {
  CHROMIUM,
  requireSystemTool,
  type SentryProject,
  type SentryStack,
  startSentryStack,
  lineIn,
} from '../fixtures/sentry/sentry-stack';
import { useSandbox } from '../support/sandbox';

const APP = join(__dirname, '..', 'fixtures', 'sentry', 'browser', 'app.js');
const lineOf = (text: string): number => lineIn(APP, text);

const sandbox = useSandbox();
let stack: SentryStack;
let project: SentryProject;
let site: BrowserPage;
let browser: Browser;

beforeAll(async () => {
  requireSystemTool(() => existsSync(CHROMIUM), `Chromium (${CHROMIUM})`, 'chromium');
  stack = await startSentryStack(sandbox);
  project = await stack.createProject('shop');
  site = sandbox.stopAfter(await serveBrowserPage(project.dsn));
  browser = sandbox.stopAfter(
    await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }),
  );
});

describe('@sentry/browser in headless Chromium', () => {
  it('reports uncaught and caught errors and a message cross-origin; groups them; masks the password field', async () => {
    const page = await browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    const ingest: PageResponse[] = [];
    page.on('response', (response) => {
      if (response.url().startsWith(`${stack.base}/api/${project.id}/envelope/`)) ingest.push(response);
    });
    await page.goto(`${site.origin}/checkout?session_token=tok-browser-url&step=pay`);
    await page.waitForFunction('window.sentryReady === true', undefined, { timeout: 10_000 });

    // Two uncaught errors from a click handler and one captured, all thrown on one line; then a message.
    await page.click('#pay');
    await page.click('#pay');
    await page.evaluate('reportCaught()');
    await page.evaluate('reportMessage()');
    expect(await page.evaluate('flushSentry()')).toBe(true);

    const groups = await stack.waitForGroups('shop', 4);
    expect(groups.map((g) => [g.exception_type, g.message, g.culprit, g.count, g.level, g.source, g.environment])).toEqual([
      // The group keeps the message of the event that created it: whichever the SDK delivered first.
      [
        'RangeError',
        expect.stringMatching(/^coupon SPRING-\d has expired$/),
        `applyCoupon (/app.js:${lineOf('throw new RangeError')})`,
        3,
        'error',
        'browser',
        'e2e',
      ],
      [
        'Message',
        'cart abandoned',
        `window.reportMessage (/app.js:${lineOf("captureMessage('cart")})`,
        1,
        'info',
        'browser',
        'e2e',
      ],
    ]);

    // Cross-origin answers the page could read: 200, CORS allowed, an id per event, never Retry-After.
    const answers = await Promise.all(
      ingest.map(async (response) => ({
        status: response.status(),
        headers: await response.allHeaders(),
        body: await response.text(),
      })),
    );
    expect(answers.length).toBeGreaterThanOrEqual(4);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers['access-control-allow-origin']).toBe('*');
      expect(answer.headers['access-control-expose-headers']).toMatch(/X-Sentry-Rate-Limits/);
      expect(answer.headers['retry-after']).toBeUndefined();
    }
    const ids = answers.map((answer) => (JSON.parse(answer.body) as { id?: string }).id).filter((id) => id !== undefined);
    const stored = await stack.db.selectFrom('recent_occurrences').select(['event_id', 'request_url', 'extra']).execute();
    expect(new Set(ids)).toEqual(new Set(stored.map((o) => o.event_id.replace(/-/g, ''))));

    expect(stored.map((o) => o.request_url)).toEqual(
      Array(4).fill(`${site.origin}/checkout?session_token=**************&step=pay`),
    );
    expect(stored.map((o) => (o.extra?.contexts as { form?: unknown } | undefined)?.form)).toEqual(
      Array(4).fill({ username: 'ada', password: '**************' }),
    );
    const text = await stack.storedText('shop');
    for (const secret of ['hunter2-browser', 'tok-browser-url']) expect(text).not.toContain(secret);
    expect(consoleErrors.filter((line) => !/coupon SPRING-\d has expired/.test(line))).toEqual([]);
  });
});
