import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { dashboard, findDashboardFiles } from '../../src/http/dashboard';

const PAGE = '<!doctype html><title>dashboard</title>';
let dir: string;
let server: Server;
let base: string;

/** The dashboard between a stand-in API route and a JSON 404, as createApp mounts it. */
function appWith(files: string | undefined) {
  const app = express();
  app.get('/api/errors', (_req, res) => void res.json({ errors: [] }));
  app.use(dashboard(files));
  app.use((_req, res) => void res.status(404).json({ title: 'Not Found' }));
  return app;
}

async function listen(app: express.Express): Promise<[Server, string]> {
  const started = createServer(app);
  await new Promise<void>((resolve) => started.listen(0, '127.0.0.1', resolve));
  return [started, `http://127.0.0.1:${(started.address() as AddressInfo).port}`];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dashboard-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), PAGE);
  writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(
    join(dir, 'assets', 'big-def456.js'),
    'console.log("a script long enough to be worth compressing");\n'.repeat(200),
  );
  [server, base] = await listen(appWith(dir));
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, accept = 'text/html,*/*') => fetch(`${base}${path}`, { headers: { accept } });

describe('the dashboard files', () => {
  it.each(['/', '/errors', '/errors/12?status=open', '/alerts/rules/3', '/invite?token=abc', '/settings/team'])(
    'answers the page for the client route %s, revalidated, with a strict policy',
    async (path) => {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await response.text()).toBe(PAGE);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self';/);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
    },
  );

  it('compresses what is worth compressing for browsers that take it', async () => {
    const gzip = await fetch(`${base}/assets/big-def456.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.status).toBe(200);
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(await gzip.text()).toContain('worth compressing');
    const plain = await fetch(`${base}/assets/big-def456.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
  });

  it('serves hashed assets cached for good', async () => {
    const response = await get('/assets/index-abc123.js', '*/*');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toMatch(/max-age=31536000, immutable/);
  });

  it.each([
    ['a missing asset', '/assets/missing.js'],
    ['a missing file', '/robots.txt'],
    ['an unknown API route', '/api/nothing'],
    ['the API root', '/api'],
    ['an ingest path', '/ingest/errors'],
    ['health', '/health'],
    ['readiness', '/ready'],
  ])('leaves %s to the API (%s)', async (_what, path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('never shadows an API route, and falls back only for GET and HEAD asking for HTML', async () => {
    expect(await (await get('/api/errors')).json()).toEqual({ errors: [] });
    expect((await fetch(`${base}/errors/1`, { method: 'POST' })).status).toBe(404);
    expect((await get('/errors/1', 'application/json')).status).toBe(404);
    expect((await fetch(`${base}/errors/1`, { method: 'HEAD', headers: { accept: 'text/html' } })).status).toBe(200);
  });

  it('serves nothing when the dashboard was not built', async () => {
    const [bare, bareBase] = await listen(appWith(undefined));
    try {
      expect((await fetch(`${bareBase}/`, { headers: { accept: 'text/html' } })).status).toBe(404);
    } finally {
      await new Promise((resolve) => bare.close(resolve));
    }
  });

  it('finds the build through the dashboard package, when it has been built', () => {
    const found = findDashboardFiles();
    if (found !== undefined) expect(found).toMatch(/dashboard[/\\]dist$/);
  });
});
