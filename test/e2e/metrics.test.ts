import { createTestDatabase, type TestDatabase } from '../support/databases';
import { metricsPort, scrape } from '../support/metrics';
import { apiPort, type RoleProcess, startRole, stopAll } from '../support/processes';
import { createTestRedisPrefix, type TestRedisPrefix } from '../support/redis-prefix';
import { TEST_API_KEY, testEnv } from '../support/test-config';
import { waitFor } from '../support/wait-for';

let database: TestDatabase;
let redisPrefix: TestRedisPrefix;
const processes: RoleProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  redisPrefix = createTestRedisPrefix();
});
afterAll(async () => {
  await stopAll(processes);
  await redisPrefix.cleanup();
  await database.drop();
});

describe('Prometheus metrics', () => {
  it('move with real traffic in the api and the ingest worker', async () => {
    const env = testEnv(database.url, redisPrefix.prefix, { LOG_LEVEL: 'info', RATE_LIMIT_PER_MINUTE: '0' });
    const api = startRole('api', env);
    const worker = startRole('ingest-worker', env);
    processes.push(api, worker);
    const base = `http://127.0.0.1:${await apiPort(api)}`;
    const [apiMetrics, workerMetrics] = await Promise.all([metricsPort(api), metricsPort(worker)]);

    const post = (body: string, key = TEST_API_KEY) =>
      fetch(`${base}/api/errors`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body });
    const statuses = await Promise.all([
      ...Array.from({ length: 12 }, (_, i) => post(JSON.stringify({ project: 'metrics', message: `boom ${i}` }))),
      post('{"message": 1}'),
      post('{"message": "x"}', 'wrong-key'),
    ].map(async (response) => (await response).status));
    expect(statuses.sort()).toEqual([...Array(12).fill(202), 400, 401].sort());
    await fetch(`${base}/api/errors?project=metrics`, { headers: { 'x-api-key': TEST_API_KEY } });
    await fetch(`${base}/api/errors?project=metrics`, { headers: { 'x-api-key': TEST_API_KEY } });

    const fromApi = await scrape(apiMetrics);
    expect(fromApi('error_tracker_http_request_duration_seconds_count{method="POST",route="/api/errors",status="202"}')).toBe(12);
    expect(fromApi('error_tracker_events_accepted_total{via="single"}')).toBe(12);
    expect(fromApi('error_tracker_events_rejected_total{reason="invalid"}')).toBe(1);
    expect(fromApi('error_tracker_events_rejected_total{reason="unauthorized"}')).toBe(1);
    expect(fromApi('error_tracker_cache_lookups_total{route="errors",result="miss"}')).toBe(1);
    expect(fromApi('error_tracker_cache_lookups_total{route="errors",result="hit"}')).toBe(1);
    expect(fromApi('error_tracker_process_resident_memory_bytes')).toBeGreaterThan(0);

    const fromWorker = await waitFor('the worker to count 12 events', async () => {
      const read = await scrape(workerMetrics);
      return read('error_tracker_events_ingested_total') === 12 ? read : undefined;
    });
    expect(fromWorker('error_tracker_ingest_batch_size_sum')).toBe(12);
    expect(fromWorker('error_tracker_ingest_batch_size_count')).toBeGreaterThanOrEqual(1);
    expect(fromWorker('error_tracker_ingest_lag_seconds_count')).toBe(12);
    expect(fromWorker('error_tracker_queue_jobs{state="waiting"}')).toBe(0);
    expect(fromWorker('error_tracker_queue_jobs{state="failed"}')).toBe(0);
    expect(fromWorker('error_tracker_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
