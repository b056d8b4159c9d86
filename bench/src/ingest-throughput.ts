import { existsSync, readFileSync } from 'node:fs';
import { sleep } from '@error-tracker/runtime/retry';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pg from 'pg';
import { INGEST_QUEUE } from '@error-tracker/contracts/queues';
import { enqueueEvents } from '../../test/support/enqueue';
import { redisUrl } from '../../test/support/redis-prefix';
import { groupOf, queuedEvent, traceFor } from './events';
import { benchEnv, cpuSeconds, peakRssMb, redisCpuSeconds, startBenchRole } from './support';

export interface DrainFigures {
  readonly events: number;
  /** Events committed per second from the moment the started worker was let at the queue. */
  readonly perSecond: number;
  /** The worker process's start, to its `ingest worker started` line: wall time and CPU, in ms. */
  readonly start: { readonly ms: number; readonly cpuMs: number };
  readonly workerPeakRssMb: number;
  /** CPU per event of the worker process and of its PostgreSQL backends while draining (their start excluded), in µs. */
  readonly cpuUsPerEvent: {
    readonly worker: number | undefined;
    readonly postgres: number | undefined;
    readonly redis: number;
  };
  /**
   * What the drain added to the database per event, in bytes: occurrences (dead rows of the per-group
   * trim included, until vacuum), the dedupe record (dropped with its day), and the rest.
   */
  readonly bytesPerEvent: { readonly occurrences: number; readonly dedupe: number; readonly other: number };
  /** Write-ahead log per event, in bytes: what the disk and a streaming replica take. */
  readonly walBytesPerEvent: number;
}

/** Bytes on disk (tables, indexes, TOAST) of the occurrences (both tables), the dedupe record, and everything else. */
async function storedBytes(client: pg.Client): Promise<{ occurrences: number; dedupe: number; all: number; wal: string }> {
  const tree = (table: string) => `(SELECT coalesce(sum(pg_total_relation_size(relid)), 0) FROM pg_partition_tree('${table}'))`;
  const { rows } = await client.query<{ occurrences: string; dedupe: string; all: string; wal: string }>(
    `SELECT ${tree('error_occurrences')} + pg_total_relation_size('recent_occurrences') AS occurrences, ${tree('ingest_dedupe')} AS dedupe,
            pg_database_size(current_database()) AS all, pg_current_wal_lsn()::text AS wal`,
  );
  const row = rows[0];
  return { occurrences: Number(row?.occurrences), dedupe: Number(row?.dedupe), all: Number(row?.all), wal: row?.wal ?? '0/0' };
}

async function walBytesBetween(client: pg.Client, from: string, to: string): Promise<number> {
  const { rows } = await client.query<{ bytes: string }>('SELECT pg_wal_lsn_diff($2::pg_lsn, $1::pg_lsn) AS bytes', [from, to]);
  return Number(rows[0]?.bytes ?? 0);
}

/** Empties the tables ingest writes. */
export async function reset(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('TRUNCATE errors, error_occurrences, error_counts, ingest_dedupe, outbox CASCADE');
  await client.end();
}

/** The events the groups count. */
export async function committed(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>('SELECT coalesce(sum(count), 0) AS n FROM error_totals');
  return Number(rows[0]?.n ?? 0);
}

/**
 * Fills the queue, starts one worker with the queue paused, and once the worker says it has started
 * lets it at the queue and times the drain to the last commit: the sustained rate the pipeline can
 * keep the queue flat at. The process's start (module loading, connections: about 0.8 s and 1 s of
 * CPU, a fifth of a 50,000-event drain) is reported on its own, as the reference's connection is
 * not timed either.
 */
export async function measureDrain(databaseUrl: string, prefix: string, events: number, hot: boolean): Promise<DrainFigures> {
  await reset(databaseUrl);
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: null });
  const queue = new Queue(INGEST_QUEUE, { connection: redis, prefix });
  await queue.obliterate({ force: true });
  await enqueueEvents(
    prefix,
    Array.from({ length: events }, (_, i) => queuedEvent(i, 1_000, hot)),
  );
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const bytesBefore = await storedBytes(client);
  await queue.pause();
  const spawned = Date.now();
  const worker = startBenchRole('ingest-worker', benchEnv(databaseUrl, prefix));
  try {
    const pid = worker.child.pid;
    if (pid === undefined) throw new Error('the worker did not start');
    await worker.waitForLine(/ingest worker started/, 60_000);
    const start = { ms: Date.now() - spawned, cpuMs: Math.round(1000 * cpuSeconds(pid)) };
    const backendsAtStart = await backendCpuSeconds(client);
    const redisCpuBefore = await redisCpuSeconds(redis);
    const started = Date.now();
    await queue.resume();
    while ((await committed(client)) < events) {
      if (Date.now() - started > 300_000) throw new Error('drain did not finish in 5 minutes');
      await sleep(50);
    }
    const seconds = (Date.now() - started) / 1000;
    const perEvent = (cpu: number | undefined) => (cpu === undefined ? undefined : Math.round((1e6 * cpu) / events));
    const backends = await backendCpuSeconds(client);
    const redisCpu = (await redisCpuSeconds(redis)) - redisCpuBefore;
    const bytesAfter = await storedBytes(client);
    const wal = await walBytesBetween(client, bytesBefore.wal, bytesAfter.wal);
    const added = (key: 'occurrences' | 'dedupe' | 'all'): number => (bytesAfter[key] - bytesBefore[key]) / events;
    return {
      events,
      perSecond: Math.round(events / seconds),
      start,
      workerPeakRssMb: peakRssMb(pid),
      cpuUsPerEvent: {
        worker: perEvent(cpuSeconds(pid) - start.cpuMs / 1000),
        postgres: perEvent(backends === undefined || backendsAtStart === undefined ? undefined : backends - backendsAtStart),
        redis: Math.round((1e6 * redisCpu) / events),
      },
      bytesPerEvent: {
        occurrences: Math.round(added('occurrences')),
        dedupe: Math.round(added('dedupe')),
        other: Math.round(added('all') - added('occurrences') - added('dedupe')),
      },
      walBytesPerEvent: Math.round(wal / events),
    };
  } finally {
    await worker.stop();
    await client.end();
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
  }
}

/**
 * CPU the worker's PostgreSQL backends have used (they start with it), read from /proc: only when
 * the server runs on this machine, which each backend's /proc entry being a postgres process tells.
 */
export async function backendCpuSeconds(client: pg.Client): Promise<number | undefined> {
  const { rows } = await client.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE application_name = 'error-tracker-ingest-worker' AND datname = current_database()",
  );
  const local = (pid: number) =>
    existsSync(`/proc/${pid}/cmdline`) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('postgres');
  if (!rows.every((row) => local(row.pid))) return undefined;
  return rows.reduce((sum, row) => sum + cpuSeconds(row.pid), 0);
}

/**
 * The worker's ceiling: the same events' group upserts, coalesced per batch of 500 and written with
 * one UNNEST upsert per batch straight through pg (no dedupe, occurrences, counters or outbox).
 */
export async function measureRawUpserts(databaseUrl: string, events: number, hot: boolean): Promise<number> {
  await reset(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const started = Date.now();
    for (let i = 0; i < events; i += 500) {
      const counts = new Map<number, number>();
      for (let k = i; k < Math.min(events, i + 500); k++) {
        const group = groupOf(k, 1_000, hot);
        counts.set(group, (counts.get(group) ?? 0) + 1);
      }
      const groups = [...counts.keys()].sort((a, b) => a - b);
      await client.query(
        `INSERT INTO errors AS e (fingerprint, project, environment, exception_type, message, traceback, level, source, count, first_seen, last_seen)
         SELECT md5('bench:' || g), 'bench', 'production', 'ValueError', 'invalid order', t, 'error', 'backend', n, now(), now()
         FROM unnest($1::int[], $2::text[], $3::int[]) AS x(g, t, n)
         ORDER BY md5('bench:' || g)
         ON CONFLICT (fingerprint) DO UPDATE SET count = e.count + excluded.count, last_seen = excluded.last_seen`,
        [groups, groups.map(traceFor), groups.map((g) => counts.get(g))],
      );
    }
    return Math.round(events / ((Date.now() - started) / 1000));
  } finally {
    await client.end();
  }
}
