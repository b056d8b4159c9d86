import { cpus } from 'node:os';
import { bracketing, measureApi, measureReference } from './api-throughput';
import { measureClusterShards } from './cluster-shards';
import { WARM_UP_SECONDS } from './constant-rate';
import { cpuCapUnavailable } from './cpu-cap';
import { measureDashboard } from './dashboard-render';
import { type DrainFigures, measureDrain, measureRawUpserts } from './ingest-throughput';
import { measureList } from './list-million';
import { measureSustained } from './sustained';
import { createMigratedDatabase } from '../../test/support/databases';
import { findTestServers } from '../../test/support/servers';
import { main as traceParse } from './trace-parse';

const pct = (a: number, b: number) => `${Math.round((100 * a) / b)}%`;

async function apiSection(databaseUrl: string, prefix: string, seconds: number): Promise<number> {
  console.log('\n== API: POST /api/errors, worker stopped ==');
  const api = await measureApi(databaseUrl, prefix, seconds);
  const rounds = api.rounds.map(
    ({ accepted, reference, ratio }) => `${accepted.perSecond} / ${reference.perSecond} = ${Math.round(100 * ratio)}%`,
  );
  console.log(`  rounds, API / reference (r a r a r a r)  ${rounds.join('; ')}`);
  console.log(
    `  reference node:http + JSON.parse  ${api.reference.perSecond} req/s (the median round's: mean of ${api.reference.before.perSecond} just before and ${api.reference.after.perSecond} just after)`,
  );
  console.log(
    `  accepted (202, queued in Redis)   ${api.accepted.perSecond} req/s  (${pct(api.accepted.perSecond, api.reference.perSecond)} of the reference, the median round; non-2xx ${api.accepted.non2xx}, errors ${api.accepted.errors})`,
  );
  console.log(
    `  the same, per-key limit charged    ${api.acceptedWithKeyLimit.perSecond} req/s  (${pct(api.acceptedWithKeyLimit.perSecond, api.reference.perSecond)}; KEY_RATE_LIMIT_INGEST on, as by default, too high to refuse; non-2xx ${api.acceptedWithKeyLimit.non2xx})`,
  );
  console.log(
    `  at 1,000 req/s: p50 ${api.fixedRate.p50Ms} ms, p99 ${api.fixedRate.p99Ms} ms (${api.fixedRate.perSecond} req/s achieved; the reference at this rate: p50 ${api.referenceFixedRate.p50Ms} ms, p99 ${api.referenceFixedRate.p99Ms} ms)`,
  );
  console.log(
    `  at half the maximum: p50 ${api.halfMax.p50Ms} ms, p99 ${api.halfMax.p99Ms} ms (${api.halfMax.perSecond} req/s achieved; the reference at this rate: p50 ${api.referenceHalfMax.p50Ms} ms, p99 ${api.referenceHalfMax.p99Ms} ms)`,
  );
  console.log(`  (open-loop latencies, counted after ${WARM_UP_SECONDS} s at the rate; counted from when each request was due)`);
  console.log(`  Redis memory per queued event     ${api.redisBytesPerQueuedEvent} bytes (${api.eventsPerJob} events per job)`);
  console.log(
    `  CPU per accepted event            API ${api.cpuUsPerEvent.api} µs, Redis ${api.cpuUsPerEvent.redis} µs (the reference server: ${api.referenceCpuUsPerRequest} µs per request; both over every round)`,
  );
  return api.apiPeakRssMb;
}

async function ingestSection(databaseUrl: string, prefix: string, drainEvents: number): Promise<number> {
  console.log(`\n== ingest: ${drainEvents.toLocaleString('en-US')} queued events drained by one worker ==`);
  const rawBefore = await measureRawUpserts(databaseUrl, drainEvents, false);
  const uniform = await measureDrain(databaseUrl, prefix, drainEvents, false);
  const hot = await measureDrain(databaseUrl, prefix, drainEvents, true);
  const rawAfter = await measureRawUpserts(databaseUrl, drainEvents, false);
  const rawUniform = Math.round((rawBefore + rawAfter) / 2);
  console.log(
    `  reference raw UNNEST upserts      ${rawUniform} events/s (mean of ${rawBefore} before and ${rawAfter} after the drains)`,
  );
  console.log(
    `  1,000 fingerprints                ${uniform.perSecond} events/s (${pct(uniform.perSecond, rawUniform)} of the reference)`,
  );
  console.log(
    `  one fingerprint takes half        ${hot.perSecond} events/s (${pct(hot.perSecond, uniform.perSecond)} of uniform)`,
  );
  const cpu = ({ cpuUsPerEvent: { worker, postgres, redis } }: DrainFigures) =>
    `worker ${worker ?? '?'} µs, PostgreSQL ${postgres ?? '?'} µs, Redis ${redis} µs`;
  console.log(`  CPU per event, uniform / hot      ${cpu(uniform)} / ${cpu(hot)}`);
  console.log(
    `  worker start (not timed above)    ${uniform.start.ms} ms to its started line, ${uniform.start.cpuMs} ms of CPU (uniform run)`,
  );
  const { occurrences, dedupe, other } = uniform.bytesPerEvent;
  console.log(
    `  PostgreSQL bytes per event        dedupe record ${dedupe} (dropped with its day), WAL ${uniform.walBytesPerEvent}; occurrences ${occurrences} and the rest ${other} before vacuum (five per group, not per event)`,
  );
  return Math.max(uniform.workerPeakRssMb, hot.workerPeakRssMb);
}

async function endToEndSection(databaseUrl: string, prefix: string, seconds: number): Promise<void> {
  console.log(
    `\n== end to end for ${seconds * 2} s, as fast as the API answers (API + one worker + PostgreSQL + Redis + load on one box) ==`,
  );
  // Reference, uniform, reference, hot, reference: the uniform run is compared with the two either side of it.
  const before = await measureReference(seconds);
  const runs = [await measureSustained(databaseUrl, prefix, undefined, seconds * 2, false)];
  const between = await measureReference(seconds);
  runs.push(await measureSustained(databaseUrl, prefix, undefined, seconds * 2, true));
  const after = await measureReference(seconds);
  const reference = bracketing(before, between);
  console.log(
    `  reference node:http + JSON.parse  ${reference.perSecond} req/s (mean of ${before.perSecond} just before and ${between.perSecond} just after the uniform run; ${after.perSecond} after the hot one)`,
  );
  const uniform = runs[0]?.committedPerSecond ?? 0;
  for (const [index, e2e] of runs.entries()) {
    const hotRun = index === 1;
    const share = hotRun
      ? `${pct(e2e.committedPerSecond, uniform)} of uniform`
      : `${pct(e2e.committedPerSecond, reference.perSecond)} of the reference`;
    console.log(
      `  ${hotRun ? 'one fingerprint takes half' : '1,000 fingerprints        '}  committed ${e2e.committedPerSecond} events/s (${share}); accepted ${e2e.accepted.perSecond} req/s (p99 ${e2e.accepted.p99Ms} ms); drained ${e2e.drainSeconds} s after the load; queue max ${e2e.maxQueueDepth} jobs, ${e2e.queueDepthAtEnd} at the end; counts ${e2e.exact ? 'exact' : 'NOT EXACT'} (${e2e.acceptedEvents.api} accepted by the API, ${e2e.acceptedEvents.seen} 202s seen by the generator); RSS api ${e2e.peakRssMb.api} MB, worker ${e2e.peakRssMb.worker} MB`,
    );
    const { api, worker, postgres, redis } = e2e.cpuUsPerEvent;
    console.log(
      `  ${' '.repeat(28)}CPU per committed event: API ${api} µs, worker ${worker} µs, PostgreSQL ${postgres ?? '?'} µs, Redis ${redis} µs (the reference server: ${reference.cpuUsPerRequest} µs per request)`,
    );
  }
}

async function listSection(databaseUrl: string, prefix: string, groups: number): Promise<void> {
  console.log(`\n== GET /api/errors over ${groups.toLocaleString('en-US')} groups, uncached ==`);
  const list = await measureList(databaseUrl, prefix, groups);
  for (const query of list.queries) console.log(`  ${query.name.padEnd(32)} p50 ${query.p50Ms} ms, max ${query.maxMs} ms`);
  console.log(`  database size per group           ${list.bytesPerGroup} bytes (search row, 2 counters, 2 occurrences each)`);
}

async function dashboardSection(databaseUrl: string, prefix: string): Promise<void> {
  console.log('\n== dashboard: the issues list rendered in Chromium, from its data arriving to painted ==');
  const dashboard = await measureDashboard(databaseUrl, prefix);
  for (const f of dashboard.figures) {
    const ratio = (f.medianMs / f.referenceMedianMs).toFixed(1);
    const target = (ms: number) => (ms < 100 ? 'met' : 'MISSED');
    console.log(
      `  ${String(f.rows).padStart(2)} rows, ${dashboard.renders} renders  median ${f.medianMs} ms, max ${f.maxMs} ms; ${ratio}x the static innerHTML table (median ${f.referenceMedianMs} ms, max ${f.referenceMaxMs} ms); < 100 ms: median ${target(f.medianMs)}, max ${target(f.maxMs)}`,
    );
  }
}

const DEFAULT_MASTER_CPU = '0.02';

async function clusterSection(databaseUrl: string, seconds: number, rounds: number): Promise<void> {
  const shards = Number(process.env.BENCH_CLUSTER_SHARDS ?? 3);
  // Held masters by default: on a machine whose few cores the API, PostgreSQL and the load share, a
  // master is otherwise never what limits ingest, and shards could not show what they lift.
  const setting = process.env.BENCH_CLUSTER_MASTER_CPU ?? DEFAULT_MASTER_CPU;
  const cores = Number(setting);
  if (setting !== 'none' && !(cores > 0 && cores <= 1)) {
    throw new Error(`BENCH_CLUSTER_MASTER_CPU must be a share of a core in (0, 1] or none, not "${setting}"`);
  }
  const unavailable = setting === 'none' ? undefined : cpuCapUnavailable();
  const masterCores = setting === 'none' || unavailable !== undefined ? undefined : cores;
  const held = masterCores === undefined ? '' : `, each master held to ${masterCores} of a core`;
  console.log(
    `\n== Redis Cluster, 3 masters on this machine${held}: ingest with 1 shard vs ${shards}, ${rounds} round(s) in turn ==`,
  );
  if (unavailable !== undefined) console.log(`  masters not held (${unavailable}): BENCH_CLUSTER_MASTER_CPU=none skips trying`);
  const runs = await measureClusterShards(databaseUrl, shards, seconds, rounds, masterCores);
  const ratios = { accepted: [] as number[], drained: [] as number[], acceptCpu: [] as number[], drainCpu: [] as number[] };
  for (let i = 0; i + 1 < runs.length; i += 2) {
    const [one, many] = [runs[i]!, runs[i + 1]!];
    ratios.accepted.push(many.accepted.perSecond / one.accepted.perSecond);
    ratios.drained.push(many.drained.perSecond / one.drained.perSecond);
    ratios.acceptCpu.push(many.busiestMasterMsPerThousand / one.busiestMasterMsPerThousand);
    ratios.drainCpu.push(many.drained.busiestMasterMsPerThousand / one.drained.busiestMasterMsPerThousand);
    for (const run of [one, many]) {
      console.log(
        `  ${String(run.shards).padStart(2)} shard(s)  API accepted ${run.accepted.perSecond} req/s (non-2xx ${run.accepted.non2xx}), busiest master ${run.busiestMasterMsPerThousand} ms CPU per 1,000; one worker drained ${run.drained.events} events at ${run.drained.perSecond} events/s, busiest master ${run.drained.busiestMasterMsPerThousand} ms per 1,000`,
      );
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]?.toFixed(2);
  const line = (what: string, values: number[]) =>
    console.log(
      `  ${shards} shards / 1 shard, ${what}: ${values.map((r) => r.toFixed(2)).join(', ')} (median ${median(values)})`,
    );
  line('API accepted req/s', ratios.accepted);
  line('busiest master CPU per event while accepting', ratios.acceptCpu);
  line('drained events/s', ratios.drained);
  line('busiest master CPU per event while draining', ratios.drainCpu);
}

/**
 * `npm run bench`: every figure the README reports, printed. Uses PostgreSQL and Redis from
 * DATABASE_URL / REDIS_URL (default: local), in a database and a Redis prefix of its own.
 * BENCH_QUICK=1 runs shorter loads and a smaller list table; BENCH_ONLY=list (or parse, api,
 * ingest, e2e, dashboard, cluster; comma-separated) runs only those sections.
 */
async function run(): Promise<void> {
  const quick = process.env.BENCH_QUICK === '1';
  const seconds = quick ? 3 : 10;
  const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());
  const runs = (section: string) => only === undefined || only.includes(section);
  console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'})\n`);

  if (runs('parse')) {
    console.log('== trace parsing (one core) ==');
    traceParse();
  }
  // The servers the tests find: DATABASE_URL / REDIS_URL, else local ones, else containers.
  const servers = await findTestServers();
  process.env.DATABASE_URL = servers.databaseUrl;
  process.env.REDIS_URL = servers.redisUrl;
  try {
    await measureRoles(quick, seconds, runs);
  } finally {
    await servers.stop();
  }
}

async function measureRoles(quick: boolean, seconds: number, runs: (section: string) => boolean): Promise<void> {
  const databaseUrl = await createMigratedDatabase('error_tracker_bench');
  const prefix = '{etbench}';
  const apiRss = runs('api') ? await apiSection(databaseUrl, prefix, seconds) : undefined;
  const workerRss = runs('ingest') ? await ingestSection(databaseUrl, prefix, quick ? 10_000 : 50_000) : undefined;
  if (runs('e2e')) await endToEndSection(databaseUrl, prefix, seconds);
  if (runs('cluster')) await clusterSection(databaseUrl, seconds, Number(process.env.BENCH_CLUSTER_ROUNDS ?? (quick ? 1 : 3)));
  if (runs('dashboard')) await dashboardSection(databaseUrl, prefix);
  if (runs('list')) await listSection(databaseUrl, prefix, quick ? 100_000 : 1_000_000);

  if (apiRss === undefined && workerRss === undefined) return;
  console.log('\n== peak RSS per role ==');
  if (apiRss !== undefined) console.log(`  api            ${apiRss} MB`);
  if (workerRss !== undefined) console.log(`  ingest-worker  ${workerRss} MB`);
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
