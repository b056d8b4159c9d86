import { existsSync } from 'node:fs';
import pg from 'pg';
import { chromium, type Page } from 'playwright-core';
import { enqueueEvents } from '../../test/support/enqueue';
import { ingestEvent } from '../../test/support/events';
import { apiPort } from '../../test/support/processes';
import { TEST_API_KEY } from '../../test/support/test-config';
import { waitUntil } from '../../test/support/wait-for';
import { PAGE_SIZE_SWITCH, type PageRender, renderList, renderReference, SHIPPED_PAGE_SIZE } from './dashboard-page-scripts';
import { traceFor } from './events';
import { reset } from './ingest-throughput';
import { benchEnv, startBenchRole } from './support';

/** Debian's Chromium, as the browser tests drive it. */
const CHROMIUM = '/usr/bin/chromium';
const GROUPS = 1_000;
const HOUR_MS = 3_600_000;

/** Twenty list views, each a different answer of at least 50 groups (consecutive ones never the same rows). */
const VIEWS = [
  '/errors?page=2',
  '/errors?sort=count',
  '/errors?project=shop-0',
  '/errors?level=warning',
  '/errors?page=3',
  '/errors?project=shop-1',
  '/errors?sort=first_seen',
  '/errors?environment=staging',
  '/errors?project=shop-2&sort=count',
  '/errors?level=fatal',
  '/errors?sort=count&page=2',
  '/errors?project=shop-3',
  '/errors?environment=production&page=2',
  '/errors?level=error&sort=first_seen',
  '/errors?search=order+1',
  '/errors?status=all&page=4',
  '/errors?project=shop-1&level=error',
  '/errors?sort=first_seen&page=3',
  '/errors?project=shop-0&page=2',
  '/errors',
];

export interface RenderFigures {
  readonly rows: number;
  readonly medianMs: number;
  readonly maxMs: number;
  readonly referenceMedianMs: number;
  readonly referenceMaxMs: number;
}

export interface DashboardFigures {
  readonly renders: number;
  readonly figures: readonly RenderFigures[];
}

/**
 * 1,000 groups through the real queue and worker: four projects, two environments, three levels,
 * 1–8 events each spread over the last 24 hours (so every sparkline has a shape).
 */
async function seed(databaseUrl: string, prefix: string): Promise<void> {
  await reset(databaseUrl);
  const now = Date.now();
  const events = Array.from({ length: GROUPS }, (_, g) =>
    Array.from({ length: 1 + (g % 8) }, (_, k) =>
      ingestEvent({
        project: `shop-${g % 4}`,
        environment: g % 2 === 0 ? 'production' : 'staging',
        level: (['error', 'warning', 'fatal'] as const)[g % 3],
        message: `invalid order ${g}`,
        traceback: traceFor(g),
        timestamp: new Date(now - ((g * 7 + k * 5) % 24) * HOUR_MS - (g % 60) * 60_000).toISOString(),
      }),
    ),
  ).flat();
  await enqueueEvents(prefix, events);
  const worker = startBenchRole('ingest-worker', benchEnv(databaseUrl, prefix));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const committed = async () =>
      Number((await client.query<{ n: string }>('SELECT coalesce(sum(count), 0) AS n FROM error_totals')).rows[0]?.n ?? 0);
    await waitUntil(`${events.length} seeded events`, async () => (await committed()) >= events.length, {
      timeoutMs: 120_000,
    });
  } finally {
    await client.end();
    await worker.stop();
  }
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};
const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The issues list in Chromium, signed in: for each view, from the moment the list's response has
 * arrived (Resource Timing responseEnd) to the rows with their sparklines painted; and, interleaved,
 * the same answer as a static innerHTML table in the same page.
 */
async function measureRows(page: Page, api: string, rows: number): Promise<RenderFigures> {
  await page.evaluate(`window.__benchRows = ${rows}`);
  const times: number[] = [];
  const referenceTimes: number[] = [];
  let previous = '';
  for (const view of VIEWS) {
    const render = await page.evaluate<PageRender>(renderList(view, rows));
    const url = new URL(render.url);
    if (url.searchParams.get('limit') !== String(rows)) throw new Error(`${view}: the page asked for ${render.url}`);
    // The rows drawn are the answer's, in its order, and not the previous view's.
    const answer = await fetch(`${api}${url.pathname}${url.search}`, { headers: { 'x-api-key': TEST_API_KEY } });
    const json = await answer.text();
    const ids = (JSON.parse(json) as { errors: Array<{ id: number }> }).errors.map((group) => `/errors/${group.id}`);
    if (ids.join() !== render.links.join()) throw new Error(`${view}: the rows drawn are not the API's answer`);
    if (ids.join() === previous) throw new Error(`${view}: the same rows as the view before`);
    previous = ids.join();
    times.push(render.painted - render.responseEnd);
    referenceTimes.push(await page.evaluate<number>(renderReference(json)));
  }
  return {
    rows,
    medianMs: round(median(times)),
    maxMs: round(Math.max(...times)),
    referenceMedianMs: round(median(referenceTimes)),
    referenceMaxMs: round(Math.max(...referenceTimes)),
  };
}

/** The issues list's render time in Debian's Chromium (headless), 50 rows and the shipped page of 25. */
export async function measureDashboard(databaseUrl: string, prefix: string): Promise<DashboardFigures> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium (${CHROMIUM}) is missing. Install it with: apt-get install -y chromium`);
  await seed(databaseUrl, prefix);
  const apiRole = startBenchRole('api', benchEnv(databaseUrl, prefix));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const api = `http://127.0.0.1:${await apiPort(apiRole)}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(PAGE_SIZE_SWITCH);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${api}/errors`);
    await page.getByLabel('API key').fill(TEST_API_KEY);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('table tbody tr').first().waitFor();

    const figures = [await measureRows(page, api, 50), await measureRows(page, api, SHIPPED_PAGE_SIZE)];
    if (errors.length > 0) throw new Error(`the page failed: ${errors.join('; ')}`);
    return { renders: VIEWS.length, figures };
  } finally {
    await browser.close();
    await apiRole.stop();
  }
}
