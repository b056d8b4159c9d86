import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { CHROMIUM, requireSystemTool } from '../fixtures/sentry/sentry-stack';
import { apiPort } from './processes';
import type { Sandbox } from './sandbox';
import { TEST_API_KEY } from './test-config';

/** The built system (`all`), the API's address, and Debian's Chromium through playwright-core. */
export interface DashboardSystem {
  readonly base: string;
  readonly logs: readonly string[];
  readonly browser: Browser;
  /** A call as the bootstrap key. */
  readonly api: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<Response>;
  /** Sends an event through the real ingest route and waits for the worker; answers its group id. */
  readonly report: (event: Record<string, unknown>) => Promise<number>;
  /** Invites and accepts a member through the API; answers the member's id. */
  readonly join: (email: string, name: string, role?: string) => Promise<number>;
}

export async function startDashboardSystem(sandbox: Sandbox): Promise<DashboardSystem> {
  requireSystemTool(() => existsSync(CHROMIUM), `Chromium (${CHROMIUM})`, 'chromium');
  const all = sandbox.start('all', { RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'debug' });
  const base = `http://127.0.0.1:${await apiPort(all)}`;
  const index = await fetch(`${base}/`, { headers: { accept: 'text/html' } });
  if (index.status !== 200) throw new Error('the dashboard is not built: run npm run build (npm run test:e2e does)');

  const api = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method,
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const report = async (event: Record<string, unknown>): Promise<number> => {
    const response = await api('POST', '/api/errors', event, { prefer: 'wait' });
    if (response.status !== 201 && response.status !== 200)
      throw new Error(`ingest: ${response.status} ${await response.text()}`);
    return ((await response.json()) as { id: number }).id;
  };
  const join = async (email: string, name: string, role = 'developer'): Promise<number> => {
    const invited = await api('POST', '/api/settings/team/invite', { email, role });
    const acceptUrl = ((await invited.json()) as { invitation: { accept_url: string } }).invitation.accept_url;
    const token = new URL(acceptUrl).searchParams.get('token') ?? '';
    const accepted = await api('POST', '/api/settings/team/accept', { token, name });
    return ((await accepted.json()) as { member: { id: number } }).member.id;
  };
  const browser = sandbox.stopAfter(
    await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    }),
  );
  return { base, logs: all.output, browser, api, report, join };
}
