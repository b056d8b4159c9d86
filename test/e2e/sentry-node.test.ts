import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type SentryProject, type SentryStack, startSentryStack, lineIn } from '../fixtures/sentry/sentry-stack';
import { useSandbox } from '../support/sandbox';

const APP = join(__dirname, '..', 'fixtures', 'sentry', 'node-app.cjs');
const lineOf = (text: string): number => lineIn(APP, text);

const sandbox = useSandbox();
let stack: SentryStack;
let project: SentryProject;

beforeAll(async () => {
  stack = await startSentryStack(sandbox);
  project = await stack.createProject('node-app');
});

describe('@sentry/node in a real Node process', () => {
  it('reports a thrown error (grouped, counted) and a message, with secrets masked', async () => {
    // 3 captured throws and 1 more from inside an HTTP request handler, all from one line.
    await promisify(execFile)(process.execPath, [APP, project.dsn, '3'], { timeout: 30_000 });

    const groups = await stack.waitForGroups('node-app', 5);
    expect(groups.map((g) => [g.exception_type, g.message, g.culprit, g.count, g.level, g.source, g.environment])).toEqual([
      // The group keeps the message of the event that created it: whichever the SDK delivered first.
      [
        'TypeError',
        expect.stringMatching(/^card declined for order 100\d$/),
        `chargeCard (${APP}:${lineOf('throw new TypeError')})`,
        4,
        'error',
        'backend',
        'e2e',
      ],
      // captureMessage: grouped by its text, located where it was called
      [
        'Message',
        'nightly export finished with warnings',
        `main (${APP}:${lineOf("captureMessage('nightly")})`,
        1,
        'warning',
        'backend',
        'e2e',
      ],
    ]);

    const occurrences = await stack.db
      .selectFrom('recent_occurrences')
      .select(['request_url', 'request_method', 'release', 'user_id', 'extra'])
      .where('error_id', '=', groups[0]!.id)
      .execute();
    expect(occurrences.map((o) => o.release)).toEqual(Array(4).fill('node-app@1.0.0'));
    expect(occurrences.map((o) => o.user_id)).toEqual(Array(4).fill('user-42'));
    expect(occurrences.every((o) => o.extra?.password === '**************')).toBe(true);
    const fromRequest = occurrences.find((o) => o.request_url !== null);
    expect(fromRequest?.request_method).toBe('POST');
    expect(fromRequest?.request_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/checkout\?password=\*{14}&step=2$/);

    const stored = await stack.storedText('node-app');
    for (const secret of ['hunter2-node', 'hunter2-query', 'hunter2-body', 'tok-node-header', 'tok-node-auth'])
      expect(stored).not.toContain(secret);
  });
});
