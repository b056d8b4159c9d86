import { sql } from 'kysely';
import { decodeNewErrorMessage } from '@error-tracker/contracts/new-error-message';
import { pythonTrace } from '../support/events';
import { apiPort, stopAll } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { TEST_API_KEY } from '../support/test-config';
import { waitFor } from '../support/wait-for';

const sandbox = useSandbox();

const v8Trace = (line: number) =>
  [
    "TypeError: Cannot read properties of undefined (reading 'id')",
    `    at getUser (/srv/web/src/users.js:${line}:17)`,
    '    at Layer.handle [as handle_request] (/srv/web/node_modules/express/lib/router/layer.js:95:5)',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  ].join('\n');

describe('end to end: api and ingest-worker as real processes', () => {
  it('takes errors over HTTP and groups them in PostgreSQL', async () => {
    const api = sandbox.start('api');
    const worker = sandbox.start('ingest-worker');
    const base = `http://127.0.0.1:${await apiPort(api)}`;
    await worker.waitForLine(/ingest worker started/);

    const reports = [
      ...Array.from({ length: 30 }, (_, i) => ({
        project: 'web',
        message: `Cannot read properties of undefined (user ${i})`,
        stack_trace: v8Trace(42),
        source: 'browser',
        request_url: `/users/${i}?token=abc`,
      })),
      ...Array.from({ length: 20 }, (_, i) => ({
        project: 'billing',
        environment: 'staging',
        message: `invalid amount ${i}`,
        traceback: pythonTrace('invoices', 77),
        extra: { card: { secret: 'cvv-123' } },
      })),
      { project: 'billing', message: 'different line', traceback: pythonTrace('invoices', 78) },
    ];
    const responses = await Promise.all(
      reports.map((report) =>
        fetch(`${base}/api/errors`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
          body: JSON.stringify(report),
        }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(reports.map(() => 202));

    const groups = await waitFor('all 51 events counted', async () => {
      const rows = await sandbox.db.selectFrom('errors').selectAll().orderBy('project').orderBy('count', 'desc').execute();
      return rows.reduce((sum, row) => sum + row.count, 0) === reports.length ? rows : undefined;
    });
    expect(groups.map((g) => [g.project, g.exception_type, g.count, g.source])).toEqual([
      ['billing', 'ValueError', 20, 'backend'],
      ['billing', 'ValueError', 1, 'backend'],
      ['web', 'TypeError', 30, 'browser'],
    ]);
    expect(groups[2]?.culprit).toContain('users.js');

    const { rows: stored } = await sql<{ text: string }>`
      SELECT row_to_json(o)::text AS text FROM recent_occurrences o`.execute(sandbox.db);
    expect(stored).toHaveLength(5 + 1 + 5);
    expect(stored.map((r) => r.text).join('\n')).not.toMatch(/cvv-123|token=abc/);

    const projects = await sandbox.db.selectFrom('projects').select('name').orderBy('name').execute();
    expect(projects.map((p) => p.name)).toEqual(['billing', 'web']);

    // Each new group was published to the new-errors stream after commit.
    const entries = await waitFor('three stream entries', async () => {
      const found = await sandbox.redis.xrange(`${sandbox.redisPrefix}:new-errors`, '-', '+');
      return found.length === 3 ? found : undefined;
    });
    const messages = entries.map(([, fields]) => decodeNewErrorMessage(fields));
    expect(messages.map((m) => m?.kind)).toEqual(['new', 'new', 'new']);
    expect(new Set(messages.map((m) => m?.error_id))).toEqual(new Set(groups.map((g) => g.id)));
    const unsent = await sandbox.db.selectFrom('outbox').select('id').where('sent_at', 'is', null).execute();
    expect(unsent).toEqual([]);

    await stopAll([api, worker]);
    expect(await api.exited).toBe(0);
    expect(await worker.exited).toBe(0);
  });
});
