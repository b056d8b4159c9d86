import { get, type IncomingMessage } from 'node:http';
import { Queue } from 'bullmq';
import { ingestShardPrefixes } from '@error-tracker/contracts/ingest-shards';
import type { IngestEvent } from '@error-tracker/contracts/ingest-job';
import { INGEST_QUEUE, NOTIFIER_GROUP } from '@error-tracker/contracts/queues';
import { newErrorsStreamKey } from '@error-tracker/contracts/redis-keys';
import { closeRedis, createRedis, type RedisClient } from '@error-tracker/runtime/redis';
import { waitUntilCounted } from '../support/counted-events';
import { countTotals, expectExactGroups, skewedLoad } from '../support/exact-counts';
import { apiPort, type RoleProcess } from '../support/processes';
import { type RedisClusterServers, startRedisCluster } from '../support/redis-cluster';
import { useSandbox } from '../support/sandbox';
import { type SmtpInbox, startSmtpInbox } from '../support/smtp-inbox';
import { TEST_API_KEY } from '../support/test-config';
import { waitFor } from '../support/wait-for';

const sandbox = useSandbox();
const SHARDS = 3;
const EVENTS = 5_000;
const DIGEST_THRESHOLD = 5;

let cluster: RedisClusterServers;
let redis: RedisClient;
let prefix: string;
let inbox: SmtpInbox;

beforeAll(async () => {
  cluster = sandbox.stopAfter(await startRedisCluster(SHARDS));
  prefix = await cluster.spreadPrefix('etcluster', SHARDS);
  redis = createRedis(cluster.url, 'worker', 'test-cluster');
  sandbox.stopAfter({ stop: () => closeRedis(redis) });
  inbox = sandbox.stopAfter(await startSmtpInbox());
}, 60_000);

function start(role: string, overrides: Record<string, string> = {}, args: readonly string[] = []): RoleProcess {
  return sandbox.start(
    role,
    {
      REDIS_URL: cluster.url,
      REDIS_PREFIX: prefix,
      INGEST_SHARDS: String(SHARDS),
      // The per-key limits run (a Lua script on the cluster) without refusing this load; the per-IP one refuses.
      KEY_RATE_LIMIT_INGEST: '100000',
      KEY_RATE_LIMIT_DEFAULT: '100000',
      RATE_LIMIT_PER_MINUTE: '20',
      ...overrides,
    },
    args,
  );
}

const body = (event: IngestEvent) => ({
  project: event.project,
  message: event.message,
  exception_type: event.exception_type,
  traceback: event.traceback,
  timestamp: event.timestamp,
  user_id: event.user_id,
});

async function post(base: string, path: string, payload: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
    body: JSON.stringify(payload),
  });
  if (response.status !== 202) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as Record<string, unknown>;
}

/** Four fifths in batches of 100, the rest one request each, 20 at a time; answers the ids the API accepted. */
async function sendThroughApi(base: string, events: readonly IngestEvent[]): Promise<string[]> {
  const ids: string[] = [];
  const split = Math.floor((events.length * 4) / 5);
  for (let i = 0; i < split; i += 100) {
    const answer = await post(base, '/api/errors/batch', { errors: events.slice(i, Math.min(i + 100, split)).map(body) });
    ids.push(...(answer.ids as string[]));
  }
  for (let i = split; i < events.length; i += 20) {
    const answers = await Promise.all(events.slice(i, i + 20).map((event) => post(base, '/api/errors', body(event))));
    ids.push(...answers.map((answer) => answer.id as string));
  }
  return ids;
}

/** Opens GET /api/events on a connection of its own and keeps what it receives. */
async function listen(base: string): Promise<{ received: () => string; close: () => void }> {
  let text = '';
  const request = get(`${base}/api/events`, { headers: { 'x-api-key': TEST_API_KEY }, agent: false });
  const response = await new Promise<IncomingMessage>((resolve, reject) =>
    request.once('response', resolve).once('error', reject),
  );
  response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return { received: () => text, close: () => request.destroy() };
}

/** The notifier's consumer group on the stream: entries read, and those still pending (unacknowledged). */
async function notifierGroup(): Promise<{ read: number; lag: number; pending: number }> {
  const groups = (await redis.xinfo('GROUPS', newErrorsStreamKey(prefix))) as unknown[][];
  const group = groups.find((g) => g[g.indexOf('name') + 1] === NOTIFIER_GROUP) ?? [];
  const field = (name: string) => Number(group[group.indexOf(name) + 1]);
  return { read: field('entries-read'), lag: field('lag'), pending: field('pending') };
}

describe('on a 3-master Redis Cluster, ingest spread over 3 shards', () => {
  it('counts 5,000 events sent through the API exactly once with 3 workers, one of them killed mid-load', async () => {
    const env = { INGEST_BATCH_SIZE: '100', INGEST_LOCK_MS: '2000' };
    const workers = [1, 2, 3].map(() => start('ingest-worker', env));
    const notifier = start('notifier', {
      SMTP_URL: inbox.url,
      ALERT_EMAILS: 'oncall@example.com',
      ALERT_DIGEST_THRESHOLD: String(DIGEST_THRESHOLD),
    });
    const api = start('api');
    const base = `http://127.0.0.1:${await apiPort(api)}`;
    const started = await Promise.all(workers.map((worker) => worker.waitForLine(/ingest worker started/)));
    // Every worker consumes every shard.
    for (const line of started) expect((JSON.parse(line) as { shards: number[] }).shards).toEqual([0, 1, 2]);
    await notifier.waitForLine(/notifier started/);
    const live = await listen(base);

    const events = skewedLoad(EVENTS);
    const sending = sendThroughApi(base, events);
    await waitFor('the workers to be mid-load', async () => ((await countTotals(sandbox.db)).events > 500 ? true : undefined), {
      intervalMs: 20,
      timeoutMs: 60_000,
    });
    workers[0]!.kill('SIGKILL');
    expect(await workers[0]!.exited).toBe('SIGKILL');
    const accepted = await sending;
    expect(accepted).toHaveLength(EVENTS);

    // The killed worker's jobs come back to the two others once its locks lapse.
    await waitUntilCounted(sandbox.db, accepted, 90_000);
    expect(await countTotals(sandbox.db)).toEqual({ events: EVENTS, ingested: EVENTS });
    await expectExactGroups(sandbox.db, events);

    // Each shard is a queue of its own on a master of its own, and every shard was used.
    const shardPrefixes = ingestShardPrefixes(prefix, SHARDS);
    const holders = await Promise.all(
      shardPrefixes.map(async (shard) => {
        const on = await Promise.all(cluster.ports.map(async (port) => (await cluster.keysOn(port, `${shard}:*`)).length));
        return on.flatMap((keys, master) => (keys > 0 ? [master] : []));
      }),
    );
    expect(holders.map((masters) => masters.length)).toEqual([1, 1, 1]);
    expect(new Set(holders.flat()).size).toBe(SHARDS);
    for (const shard of shardPrefixes) {
      const queue = sandbox.stopAfter(new Queue(INGEST_QUEUE, { connection: redis, prefix: shard }));
      const counts = await queue.getJobCounts('completed', 'failed', 'waiting', 'active');
      // Bundles are removed once written: the shard took jobs (its id counter) and holds none now.
      expect(counts).toMatchObject({ completed: 0, failed: 0, waiting: 0, active: 0 });
      expect(Number(await redis.get(`${shard}:${INGEST_QUEUE}:id`))).toBeGreaterThan(0);
    }

    // The stream, the notifier's consumer group and its storm guard work on the cluster too: every
    // new group read, DIGEST_THRESHOLD of them sent on their own and acknowledged, the rest held
    // (pending) for the digest.
    const groups = 50;
    await waitFor(
      'every alert read and the storm guard’s share sent',
      async () => {
        const group = await notifierGroup();
        const held = group.read === groups && group.lag === 0 && group.pending === groups - DIGEST_THRESHOLD;
        return held && inbox.messages.length >= DIGEST_THRESHOLD ? true : undefined;
      },
      { timeoutMs: 30_000 },
    );
    const subjects = inbox.messages.map((mail) => mail.subject);
    expect(subjects).toHaveLength(DIGEST_THRESHOLD);
    for (const subject of subjects) expect(subject).toMatch(/^\[Error Tracker\] New error in scale/);
    await waitFor('a created group announced live', () =>
      Promise.resolve(/event: created/.test(live.received()) ? true : undefined),
    );
    live.close();
  }, 180_000);

  it('serves cached reads and limits clients through the cluster', async () => {
    const api = start('api');
    const base = `http://127.0.0.1:${await apiPort(api)}`;
    const read = () => fetch(`${base}/api/errors?project=scale`, { headers: { 'x-api-key': TEST_API_KEY } });

    const first = await read();
    const second = await read();
    expect([first.headers.get('x-cache'), second.headers.get('x-cache')]).toEqual(['MISS', 'HIT']);

    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await read()).status);
    expect(statuses).toContain(429);
  }, 60_000);

  it('runs retention on the cluster: its daily scheduler, and a pass (purge and stream trim)', async () => {
    const scheduler = start('retention');
    await scheduler.waitForLine(/retention scheduler started/);

    const pass = start('retention', {}, ['--once']);
    expect(await pass.exited).toBe(0);
    const finished = pass.output.find((line) => line.includes('retention pass finished'));
    expect(JSON.parse(finished ?? '{}')).toMatchObject({ ran: true });
  }, 60_000);
});
