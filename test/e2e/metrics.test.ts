import { sql } from 'kysely';
import { metricsPort, scrape } from '../support/metrics';
import { apiPort } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { startSmtpInbox } from '../support/smtp-inbox';
import { TEST_API_KEY } from '../support/test-config';
import { waitFor } from '../support/wait-for';

const sandbox = useSandbox();

describe('Prometheus metrics', () => {
  it('move with real traffic in the api and the ingest worker', async () => {
    const api = sandbox.start('api', { RATE_LIMIT_PER_MINUTE: '0' });
    const worker = sandbox.start('ingest-worker');
    const base = `http://127.0.0.1:${await apiPort(api)}`;
    const [apiMetrics, workerMetrics] = await Promise.all([metricsPort(api), metricsPort(worker)]);

    const post = (body: string, key = TEST_API_KEY) =>
      fetch(`${base}/api/errors`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body });
    const statuses = await Promise.all(
      [
        ...Array.from({ length: 12 }, (_, i) =>
          post(JSON.stringify({ project: 'metrics', message: `boom ${i}`, exception_type: `Error${i}` })),
        ),
        post('{"message": 1}'),
        post('{"message": "x"}', 'wrong-key'),
      ].map(async (response) => (await response).status),
    );
    expect(statuses.sort()).toEqual([...Array(12).fill(202), 400, 401].sort());

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

    // Reads after the worker is done, so no new group invalidates the cache between them.
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
  });

  it('move in the notifier and the retention roles', async () => {
    const inbox = sandbox.stopAfter(await startSmtpInbox());
    // The 12 groups of the first test are in the new-errors stream, waiting for a notifier.
    const mail = { SMTP_URL: inbox.url, ALERT_EMAILS: 'ops@example.com', ALERT_DIGEST_THRESHOLD: '100' };
    const notifier = sandbox.start('notifier', mail);
    const notifierMetrics = await metricsPort(notifier);
    const fromNotifier = await waitFor('12 alert emails', async () => {
      const read = await scrape(notifierMetrics);
      return read('error_tracker_notifications_sent_total{kind="new"}') === 12 ? read : undefined;
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}; ${inbox.messages.length} emails; notifier said:\n${notifier.output.join('\n')}`);
    });
    expect(inbox.messages).toHaveLength(12);
    expect(fromNotifier('error_tracker_process_resident_memory_bytes')).toBeGreaterThan(0);

    // Three groups resolved long ago: the retention pass deletes them.
    await sql`
      UPDATE errors SET status = 'resolved', resolved_at = now() - interval '200 days', last_seen = now() - interval '200 days'
      WHERE id IN (SELECT id FROM errors ORDER BY id LIMIT 3)`.execute(sandbox.db);
    const retention = sandbox.start('retention', mail);
    const retentionMetrics = await metricsPort(retention);
    const fromRetention = await waitFor('a retention pass', async () => {
      const read = await scrape(retentionMetrics);
      return read('error_tracker_retention_passes_total{result="done"}') === 1 ? read : undefined;
    });
    expect(fromRetention('error_tracker_retention_deleted_total{what="groups"}')).toBe(3);
    expect(fromRetention('error_tracker_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
