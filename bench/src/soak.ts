import { cpus } from 'node:os';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { createMigratedDatabase } from '../../test/support/databases';
import { startPrivatePostgres } from '../../test/support/private-postgres';
import { startPrivateRedis } from '../../test/support/private-redis';
import { apiPort, type RoleProcess } from '../../test/support/processes';
import { runLoad } from './api-throughput';
import { flatness, flatnessTable, type Series } from './flatness';
import { measureCapacity } from './soak-capacity';
import { sampleLine, type SoakProbes, type SoakSample, soakBaseline, takeSample } from './soak-sample';
import { benchEnv, startBenchRole } from './support';

const DATABASE = 'error_tracker_soak';

const READY: Record<string, RegExp> = {
  api: /api listening/,
  'ingest-worker': /ingest worker started/,
  notifier: /notifier started/,
  retention: /retention scheduler started/,
};

function seriesOf(samples: readonly SoakSample[]): Series[] {
  const roles = Object.keys(samples[0]?.rssMb ?? {});
  return [
    ...roles.map((role) => ({
      name: `RSS ${role}`,
      unit: 'MB',
      values: samples.map((s) => s.rssMb[role] ?? Number.NaN),
      allowed: { ratio: 0.1, absolute: 5 },
    })),
    { name: 'Redis used_memory', unit: 'MB', values: samples.map((s) => s.redisMb), allowed: { ratio: 0.1, absolute: 1 } },
    {
      name: 'PostgreSQL per event',
      unit: 'B',
      values: samples.map((s) => s.bytesPerEvent),
      allowed: { ratio: 0.1, absolute: 0 },
    },
    { name: 'queue depth', unit: 'jobs', values: samples.map((s) => s.queued), allowed: { ratio: 0, absolute: 100 } },
    // Latency on a shared machine is noisy: half again, plus 5 ms.
    { name: 'p99 latency', unit: 'ms', values: samples.map((s) => s.load.p99Ms), allowed: { ratio: 0.5, absolute: 5 } },
  ];
}

async function soak(
  probes: SoakProbes,
  url: string,
  rate: number,
  minutes: number,
  windowSeconds: number,
): Promise<SoakSample[]> {
  const baseline = await soakBaseline(probes);
  const samples: SoakSample[] = [];
  const started = Date.now();
  while (Date.now() - started < minutes * 60_000) {
    const load = await runLoad({ url, seconds: windowSeconds, connections: 32, rate });
    const sample = await takeSample(probes, baseline, (Date.now() - started) / 60_000, load);
    samples.push(sample);
    console.log(sampleLine(sample));
  }
  return samples;
}

async function startRoles(env: Record<string, string>): Promise<Record<string, RoleProcess>> {
  const roles = Object.fromEntries(Object.keys(READY).map((role) => [role, startBenchRole(role, env)]));
  await Promise.all(Object.entries(roles).map(([name, role]) => role.waitForLine(READY[name] as RegExp, 60_000)));
  return roles;
}

/**
 * `npm run soak`: the API, an ingest worker, the notifier and retention as processes, loaded at half
 * the measured capacity (or SOAK_RATE events/s) for SOAK_MINUTES (30), in windows of
 * SOAK_WINDOW_SECONDS (60) of constant-rate load, against a PostgreSQL (initdb's defaults) and a
 * redis-server (append-only) of its own. After each window: every role's RSS, Redis memory, the
 * database's growth per event and the window's p99.
 * At the end, whether each stayed flat (mean of the first third against the last third); exits 1 if not.
 */
async function main(): Promise<void> {
  const minutes = Number(process.env.SOAK_MINUTES ?? 30);
  const windowSeconds = Number(process.env.SOAK_WINDOW_SECONDS ?? 60);
  // Servers of its own, configured as installed (autovacuum on: a shared test server may turn it off).
  const postgres = await startPrivatePostgres();
  const redisServer = await startPrivateRedis();
  process.env.DATABASE_URL = postgres.url;
  process.env.REDIS_URL = redisServer.url;
  const databaseUrl = await createMigratedDatabase(DATABASE);
  const prefix = '{etsoak}';
  const roles = await startRoles({ ...benchEnv(databaseUrl, prefix), REDIS_URL: redisServer.url });
  const redis = new Redis(redisServer.url, { maxRetriesPerRequest: null });
  const queue = new Queue(INGEST_QUEUE, { connection: redis, prefix });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const url = `http://127.0.0.1:${await apiPort(roles.api as RoleProcess)}/api/errors`;
    const committed = async () =>
      Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM ingest_dedupe')).rows[0]?.n);
    const requested = Number(process.env.SOAK_RATE ?? 0);
    const capacity = requested > 0 ? undefined : await measureCapacity(url, 10, committed, () => queue.getWaitingCount());
    const rate = requested > 0 ? requested : Math.max(1, Math.floor((capacity?.perSecond ?? 2) / 2));
    console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'})`);
    if (capacity)
      console.log(
        `capacity: API accepted ${capacity.acceptedPerSecond} req/s, worker committed ${capacity.committedPerSecond} events/s`,
      );
    console.log(`soak: ${rate} events/s for ${minutes} min, a sample every ${windowSeconds} s`);
    const samples = await soak({ roles, redis, queue, client }, url, rate, minutes, windowSeconds);
    const verdicts = seriesOf(samples).map(flatness);
    console.log(`\nfirst third → last third (${samples.length} samples):\n${flatnessTable(verdicts)}`);
    if (verdicts.some((v) => !v.flat)) process.exitCode = 1;
  } finally {
    await Promise.all(Object.values(roles).map((role) => role.stop()));
    await queue.close();
    redis.disconnect();
    await client.end();
    await redisServer.stop();
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
