import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { v8LimitFlags } from '../../cli/src/heap-limits';
import { enqueueEvents } from '../support/enqueue';
import { ingestEvent } from '../support/events';
import { apiPort, type RoleProcess } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { TEST_API_KEY } from '../support/test-config';
import { waitFor } from '../support/wait-for';

/** The V8 flags the image runs every role with, read from the Dockerfile itself. */
function imageNodeOptions(): string {
  const dockerfile = readFileSync(join(__dirname, '..', '..', 'Dockerfile'), 'utf8');
  const flags = /NODE_OPTIONS="([^"]+)"/.exec(dockerfile)?.[1];
  if (!flags?.includes('--max-old-space-size'))
    throw new Error('the Dockerfile no longer sets NODE_OPTIONS with --max-old-space-size');
  return flags;
}

const sandbox = useSandbox({ per: 'test' });
const capped = { NODE_OPTIONS: imageNodeOptions() };
/** The worker's own flags, which its manifests set instead of the image's (a test of the CLI checks they agree). */
const cappedWorker = { NODE_OPTIONS: v8LimitFlags('ingest-worker').join(' ') };

async function committed(): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(DISTINCT event_id)::int AS n FROM ingest_dedupe`.execute(sandbox.db);
  return rows[0]?.n ?? 0;
}

function expectAlive(role: RoleProcess): void {
  expect(role.output.filter((line) => /heap out of memory|FATAL ERROR|Allocation failed/i.test(line))).toEqual([]);
  expect(role.child.exitCode).toBeNull();
  expect(role.child.signalCode).toBeNull();
}

/** A Python traceback of about `bytes` bytes, each frame its own line. */
const bigTrace = (bytes: number, tag: string) =>
  `Traceback (most recent call last):\n${`  File "/srv/app/${tag}.py", line 7, in handler\n    step()\n`.repeat(Math.floor(bytes / 60))}ValueError: ${tag}`;

describe('memory bounded by design, under the image V8 caps', () => {
  it('a capped worker commits 100 batch events of ~1 MB from the API and 100 jobs of ~1 MB queued as they are', async () => {
    const api = sandbox.start('api', capped);
    const base = `http://127.0.0.1:${await apiPort(api)}`;
    for (let i = 0; i < 100; i++) {
      const body = JSON.stringify({
        errors: [{ project: 'big', message: `batch ${i}`, traceback: bigTrace(1_000_000, `b${i}`) }],
      });
      expect(body.length).toBeLessThanOrEqual(1024 * 1024);
      const answer = await fetch(`${base}/api/errors/batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
        body,
      });
      expect(answer.status).toBe(202);
    }
    // Jobs an older API (or another producer) queued uncut: the worker's own bounds must hold them.
    await enqueueEvents(
      sandbox.redisPrefix,
      Array.from({ length: 100 }, (_, i) =>
        ingestEvent({ project: 'big', message: `raw ${i}`, traceback: bigTrace(1_000_000, `r${i}`) }),
      ),
    );

    const worker = sandbox.start('ingest-worker', cappedWorker);
    await waitFor('200 events committed', async () => ((await committed()) >= 200 ? true : undefined), {
      timeoutMs: 90_000,
      intervalMs: 250,
    }).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; committed ${await committed()}; worker:\n${worker.output.slice(-30).join('\n')}`);
    });
    expect(await committed()).toBe(200);
    expectAlive(worker);
    expectAlive(api);
  }, 150_000);

  it('a capped `all` answers 400 concurrent 256 KB posts with 202 or 503 + Retry-After, stays up, and counts every 202', async () => {
    const all = sandbox.start('all', capped);
    const base = `http://127.0.0.1:${await apiPort(all)}`;
    const post = (i: number) => {
      const field = i % 2 === 0 ? { traceback: bigTrace(250_000, `t${i}`) } : { extra: { blob: 'x'.repeat(250_000) } };
      const body = JSON.stringify({ project: 'flood', message: `flood ${i}`, ...field });
      return fetch(`${base}/api/errors`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
        body,
      }).then(async (response) => ({
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        body: await response.text(),
      }));
    };
    const answers = await Promise.all(Array.from({ length: 400 }, (_, i) => post(i)));
    const accepted = answers.filter((answer) => answer.status === 202).length;
    const refused = answers.filter((answer) => answer.status === 503);
    expect(answers.filter((answer) => answer.status !== 202 && answer.status !== 503)).toEqual([]);
    expect(refused.every((answer) => answer.retryAfter === '1' && /request bodies/.test(answer.body))).toBe(true);
    expect(accepted).toBeGreaterThan(0);

    await waitFor(`${accepted} events committed`, async () => ((await committed()) >= accepted ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 250,
    });
    expect(await committed()).toBe(accepted);
    expectAlive(all);
    console.log(
      `400 concurrent 256 KB posts to a capped all: ${accepted} accepted (all committed), ${refused.length} answered 503`,
    );
  }, 120_000);
});
