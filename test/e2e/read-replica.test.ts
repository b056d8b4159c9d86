import { sql } from 'kysely';
import type { Db } from '@error-tracker/contracts/db/schema';
import { createDb } from '@error-tracker/runtime/postgres';
import { callAs } from '../support/access';
import { type ReplicatedPostgres, startReplicatedPostgres } from '../support/postgres-replica';
import { apiPort } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { seedEvents } from '../support/seed';
import { TEST_API_KEY } from '../support/test-config';
import { waitFor, waitUntil } from '../support/wait-for';

/** The replica applies each commit this long after the primary made it: the window the test reads in. */
const APPLY_DELAY_MS = 3_000;

const sandbox = useSandbox();
let servers: ReplicatedPostgres;
let primary: Db;
let replica: Db;
let apiA: string;
let apiB: string;

const openDb = (url: string): Db => {
  const db = createDb(url, { maxConnections: 2 });
  sandbox.stopAfter({ stop: () => db.destroy() });
  return db;
};

beforeAll(async () => {
  // The replica's max_connections tells the two apart in the monitoring answer (the primary's is 60).
  servers = sandbox.stopAfter(
    await startReplicatedPostgres({ applyDelayMs: APPLY_DELAY_MS, replicaSettings: ['max_connections=70'] }),
  );
  const env = { DATABASE_URL: servers.primaryUrl, DATABASE_READ_URL: servers.replicaUrl };
  const started = [sandbox.start('api', env), sandbox.start('api', env)];
  [apiA, apiB] = (await Promise.all(started.map(async (api) => `http://127.0.0.1:${await apiPort(api)}`))) as [string, string];
  primary = openDb(servers.primaryUrl);
  replica = openDb(servers.replicaUrl);
  // The APIs migrated the primary: the replica has the schema only after its delay.
  await replicaCaughtUp();
}, 180_000);

/** Waits until the replica has applied everything the primary has committed so far. */
async function replicaCaughtUp(): Promise<void> {
  const { rows } = await sql<{ lsn: string }>`SELECT pg_current_wal_lsn()::text AS lsn`.execute(primary);
  const target = rows[0]?.lsn ?? '';
  await waitUntil(
    'the replica to replay the primary',
    async () => {
      const replayed = await sql<{
        caught_up: boolean;
      }>`SELECT pg_last_wal_replay_lsn() >= ${target}::pg_lsn AS caught_up`.execute(replica);
      return replayed.rows[0]?.caught_up === true;
    },
    { timeoutMs: 30_000 },
  );
}

async function makeKey(permissions: string[]): Promise<{ id: number; key: string }> {
  const response = await callAs(apiA, TEST_API_KEY)('POST', '/api/settings/api-keys', {
    name: permissions.join('+'),
    permissions,
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: number; key: string };
}

const groupOn = async (base: string, key: string, id: number) => {
  const response = await callAs(base, key)('GET', `/api/errors/${id}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { error: { status: string } }).error;
};

const listOn = async (base: string, key: string, query: string) => {
  const response = await callAs(base, key)('GET', `/api/errors?${query}`);
  expect(response.status).toBe(200);
  const body = (await response.json()) as { errors: Array<{ id: number }> };
  return { ids: body.errors.map((group) => group.id), cache: response.headers.get('x-cache') };
};

const commentsOn = async (base: string, key: string, id: number) => {
  const response = await callAs(base, key)('GET', `/api/errors/${id}/comments`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { comments: Array<{ body: string }> }).comments.map((comment) => comment.body);
};

const replicaHasKey = async (id: number) =>
  (await replica.selectFrom('api_keys').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;

const replicaStatusOf = async (id: number) =>
  (await replica.selectFrom('errors').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('read replica (DATABASE_READ_URL), two API processes', () => {
  let writer: { id: number; key: string };
  let reader: { id: number; key: string };
  let group: number;

  it('resolves keys on the primary: a key made a moment ago works on the other API before the replica has it', async () => {
    writer = await makeKey(['read', 'write']);
    reader = await makeKey(['read']);
    expect((await callAs(apiB, writer.key)('GET', '/api/projects')).status).toBe(200);
    expect((await callAs(apiB, reader.key)('GET', '/api/projects')).status).toBe(200);
    // Checked after the answers: the replica did not have the keys when they were accepted.
    expect(await replicaHasKey(reader.id)).toBe(false);
  });

  it("shows a caller their own change at once on either API, while other callers read the replica's older state", async () => {
    [group] = (await seedEvents(primary, [{ project: 'replica', message: 'replicated' }])) as [number];
    await replicaCaughtUp();
    expect((await listOn(apiB, reader.key, 'project=replica&status=open')).ids).toEqual([group]);

    const asWriter = callAs(apiA, writer.key);
    expect((await asWriter('POST', `/api/errors/${group}/resolve`)).status).toBe(200);
    expect((await asWriter('POST', `/api/errors/${group}/comments`, { body: 'seen on the primary' })).status).toBe(201);

    // The writer, through the other API process: detail, cached list and comments all show the change.
    expect((await groupOn(apiB, writer.key, group)).status).toBe('resolved');
    expect((await listOn(apiB, writer.key, 'project=replica&status=resolved')).ids).toEqual([group]);
    expect(await commentsOn(apiB, writer.key, group)).toEqual(['seen on the primary']);

    // Another caller reads the replica, which has not applied the change yet.
    expect((await groupOn(apiB, reader.key, group)).status).toBe('open');
    expect((await groupOn(apiA, reader.key, group)).status).toBe('open');
    expect(await commentsOn(apiB, reader.key, group)).toEqual([]);
    const stale = await listOn(apiB, reader.key, 'project=replica&status=open');
    expect(stale).toEqual({ ids: [group], cache: 'MISS' });
    expect(await replicaStatusOf(group)).toBe('open');

    // Once the replica has applied it, everyone sees it; the stale list was not cached (its TTL is 120 s).
    await replicaCaughtUp();
    expect((await groupOn(apiB, reader.key, group)).status).toBe('resolved');
    expect((await listOn(apiB, reader.key, 'project=replica&status=open')).ids).toEqual([]);
    expect(await commentsOn(apiA, reader.key, group)).toEqual(['seen on the primary']);
    const cached = await waitFor('the list to be cached', async () => {
      const answer = await listOn(apiA, reader.key, 'project=replica&status=open');
      return answer.cache === 'HIT' ? answer : undefined;
    });
    expect(cached.ids).toEqual([]);
  });

  it("reports the primary's health as the Database in monitoring", async () => {
    const response = await callAs(apiB, reader.key)('GET', '/api/monitoring/services');
    expect(response.status).toBe(200);
    const { services } = (await response.json()) as { services: Array<{ name: string; details: Record<string, unknown> }> };
    expect(services.find((service) => service.name === 'Database')?.details).toMatchObject({ max_connections: 60 });
    const replicaLimit = await sql<{ max: string }>`SELECT current_setting('max_connections') AS max`.execute(replica);
    expect(replicaLimit.rows[0]?.max).toBe('70');
  });

  it('reads from the primary while the replica is down', async () => {
    await servers.stopReplica();
    for (const base of [apiA, apiB]) {
      expect((await groupOn(base, reader.key, group)).status).toBe('resolved');
      expect((await listOn(base, reader.key, 'project=replica&status=resolved&limit=5')).ids).toEqual([group]);
      expect((await fetch(`${base}/ready`)).status).toBe(200);
    }
  });
});
