import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import type { RoleProcess } from '../../test/support/processes';
import type { LoadResult } from './load';
import { rssMb } from './support';

/** One soak window's figures, taken at its end. */
export interface SoakSample {
  readonly atMinute: number;
  readonly rssMb: Readonly<Record<string, number>>;
  readonly redisMb: number;
  readonly databaseMb: number;
  /** Events counted since the soak began. */
  readonly events: number;
  /** Database growth since the soak began, per event counted since. */
  readonly bytesPerEvent: number;
  readonly queued: number;
  readonly load: LoadResult;
}

export interface SoakProbes {
  readonly roles: Readonly<Record<string, RoleProcess>>;
  readonly redis: Redis;
  readonly queue: Queue;
  readonly client: pg.Client;
}

export interface SoakBaseline {
  readonly databaseBytes: number;
  readonly events: number;
}

async function databaseFigures(client: pg.Client): Promise<SoakBaseline> {
  const { rows } = await client.query<{ bytes: string; events: string }>(
    'SELECT pg_database_size(current_database()) AS bytes, (SELECT count(*) FROM ingest_dedupe) AS events',
  );
  return { databaseBytes: Number(rows[0]?.bytes), events: Number(rows[0]?.events) };
}

export const soakBaseline = (probes: SoakProbes): Promise<SoakBaseline> => databaseFigures(probes.client);

async function redisUsedBytes(redis: Redis): Promise<number> {
  const info = await redis.info('memory');
  return Number(/used_memory:(\d+)/.exec(info)?.[1] ?? Number.NaN);
}

const MB = 1024 * 1024;

export async function takeSample(
  probes: SoakProbes,
  baseline: SoakBaseline,
  atMinute: number,
  load: LoadResult,
): Promise<SoakSample> {
  const now = await databaseFigures(probes.client);
  const events = now.events - baseline.events;
  return {
    atMinute,
    rssMb: Object.fromEntries(Object.entries(probes.roles).map(([name, role]) => [name, rssMb(role.child.pid)])),
    redisMb: (await redisUsedBytes(probes.redis)) / MB,
    databaseMb: now.databaseBytes / MB,
    events,
    bytesPerEvent: events > 0 ? (now.databaseBytes - baseline.databaseBytes) / events : Number.NaN,
    queued: await probes.queue.getWaitingCount(),
    load,
  };
}

export function sampleLine(sample: SoakSample): string {
  const rss = Object.entries(sample.rssMb)
    .map(([name, mb]) => `${name} ${mb} MB`)
    .join(', ');
  return [
    `  ${sample.atMinute.toFixed(1).padStart(5)} min`,
    `p99 ${sample.load.p99Ms} ms (non-2xx ${sample.load.non2xx + sample.load.errors})`,
    `RSS ${rss}`,
    `Redis ${sample.redisMb.toFixed(1)} MB, queue ${sample.queued}`,
    `PostgreSQL ${sample.databaseMb.toFixed(0)} MB, ${Math.round(sample.bytesPerEvent)} B/event over ${sample.events} events`,
  ].join(' | ');
}
