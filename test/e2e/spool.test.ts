import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { apiPort, type RoleProcess } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { redisUrl } from '../support/redis-prefix';
import { startTcpProxy, throughProxy } from '../support/tcp-proxy';
import { TEST_API_KEY } from '../support/test-config';
import { waitUntil } from '../support/wait-for';

const sandbox = useSandbox({ per: 'test' });

const post = (base: string, message: string) =>
  fetch(`${base}/api/errors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
    body: JSON.stringify({ message, project: 'spool' }),
  });

async function counted(): Promise<{ events: number; ingested: number }> {
  const { rows } = await sql<{ events: string; ingested: string }>`
    SELECT (SELECT coalesce(sum(count), 0) FROM error_totals) AS events, (SELECT count(DISTINCT event_id) FROM ingest_dedupe) AS ingested`.execute(
    sandbox.db,
  );
  return { events: Number(rows[0]?.events), ingested: Number(rows[0]?.ingested) };
}

describe('the spool, while Redis is away from the API', () => {
  const dirs: string[] = [];
  const spoolDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'et-spool-e2e-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('keeps every 202 event through a kill -9 of the API and replays them exactly once when Redis returns', async () => {
    const proxy = sandbox.stopAfter(await startTcpProxy('127.0.0.1', Number(new URL(redisUrl()).port || 6379)));
    const env = { REDIS_URL: throughProxy(redisUrl(), proxy), SPOOL_DIR: spoolDir(), RATE_LIMIT_PER_MINUTE: '0' };
    sandbox.start('ingest-worker');
    let api: RoleProcess = sandbox.start('api', env);
    let base = `http://127.0.0.1:${await apiPort(api)}`;
    for (let i = 0; i < 20; i++) expect((await post(base, `before ${i}`)).status).toBe(202);
    await waitUntil('the first 20 counted', async () => (await counted()).events === 20);

    proxy.down();
    for (let i = 0; i < 30; i++) expect((await post(base, `spooled ${i}`)).status).toBe(202);
    const ready = (await (await fetch(`${base}/ready`)).json()) as { checks: { redis: string } };
    expect(ready.checks.redis).toBe('unavailable: spooling');
    api.kill('SIGKILL');
    await api.exited;

    api = sandbox.start('api', env);
    base = `http://127.0.0.1:${await apiPort(api)}`;
    for (let i = 0; i < 30; i++) expect((await post(base, `after restart ${i}`)).status).toBe(202);
    expect(await counted()).toEqual({ events: 20, ingested: 20 });

    proxy.up();
    await waitUntil('every accepted event counted', async () => (await counted()).events >= 80, { timeoutMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await counted()).toEqual({ events: 80, ingested: 80 });
    expect(readdirSync(env.SPOOL_DIR).filter((name) => name.startsWith('sealed-'))).toEqual([]);
  });

  it('answers 503 with Retry-After once the spool is full', async () => {
    const proxy = sandbox.stopAfter(await startTcpProxy('127.0.0.1', Number(new URL(redisUrl()).port || 6379)));
    const api = sandbox.start('api', {
      REDIS_URL: throughProxy(redisUrl(), proxy),
      SPOOL_DIR: spoolDir(),
      SPOOL_MAX_BYTES: '4000',
      RATE_LIMIT_PER_MINUTE: '0',
    });
    const base = `http://127.0.0.1:${await apiPort(api)}`;
    proxy.down();
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) statuses.push((await post(base, `fill ${i}`)).status);
    expect(statuses.slice(0, 3)).toEqual([202, 202, 202]);
    expect(statuses.at(-1)).toBe(503);
    const refused = await post(base, 'one more');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});
