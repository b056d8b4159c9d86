import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  pythonHas,
  requireSystemTool,
  type SentryProject,
  type SentryStack,
  startSentryStack,
  SYSTEM_PYTHON,
  lineIn,
} from '../fixtures/sentry/sentry-stack';
import { useSandbox } from '../support/sandbox';

const APP = join(__dirname, '..', 'fixtures', 'sentry', 'flask_app.py');
const lineOf = (text: string): number => lineIn(APP, text);

const sandbox = useSandbox();
let stack: SentryStack;
let project: SentryProject;
let flask: ChildProcess | undefined;
let flaskBase: string;

/** Starts the Flask app under the system Python and answers its base URL once it listens. */
function startFlask(dsn: string): Promise<string> {
  const child = spawn(SYSTEM_PYTHON, [APP, dsn], { stdio: ['ignore', 'pipe', 'pipe'] });
  flask = child;
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const port = /listening on (\d+)/.exec(output)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`flask_app.py exited (${code}) before listening:\n${output}`)));
  });
}

beforeAll(async () => {
  requireSystemTool(
    () => pythonHas(['sentry_sdk', 'flask', 'blinker']),
    `${SYSTEM_PYTHON} with sentry_sdk, flask and blinker`,
    'python3-sentry-sdk python3-flask python3-blinker',
  );
  stack = await startSentryStack(sandbox);
  project = await stack.createProject('flask-app');
  flaskBase = await startFlask(project.dsn);
});

afterAll(async () => {
  if (flask && flask.exitCode === null && flask.signalCode === null) {
    const exited = new Promise((resolve) => flask?.once('exit', resolve));
    flask.kill('SIGTERM');
    await exited;
  }
});

const post = (path: string, init: { body?: string; headers?: Record<string, string> } = {}) =>
  fetch(`${flaskBase}${path}`, { method: 'POST', ...init });

describe('Python sentry-sdk with Flask', () => {
  it('reports a raising route (grouped, counted, located), library-raised errors and messages; masks secrets', async () => {
    const secretRequest = await post('/invoices/7?api_token=tok-py-query', {
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: 'Bearer tok-py-auth',
        cookie: 'sessionid=cook-py',
        'x-api-token': 'tok-py-header',
      },
      body: 'username=ada&password=hunter2-flask',
    });
    expect(secretRequest.status).toBe(500);
    for (const number of [8, 9]) expect((await post(`/invoices/${number}`)).status).toBe(500);
    expect((await post('/import', { headers: { 'content-type': 'text/plain' }, body: 'password=hunter2-raw' })).status).toBe(500);
    expect((await post('/notify')).status).toBe(200);
    for (const who of ['ada', 'bob']) expect((await post(`/remind/${who}`)).status).toBe(200);

    const groups = await stack.waitForGroups('flask-app', 7);
    const summary = groups
      .map((g) => [g.exception_type, g.message, g.culprit, g.count, g.level, g.environment] as const)
      .sort((a, b) => b[3] - a[3] || a[1].localeCompare(b[1]));
    expect(summary).toEqual([
      // The group keeps the message of the event that created it; the SDK's background transport may deliver any of the three first.
      [
        'ValueError',
        expect.stringMatching(/^invoice [789] not found$/),
        `load_invoice (${APP}:${lineOf('raise ValueError')})`,
        3,
        'error',
        'e2e',
      ],
      // logging: one group per template, each occurrence shown filled in
      ['Message', expect.stringMatching(/^reminder to (ada|bob) bounced$/), null, 2, 'error', 'e2e'],
      // raised in the standard library (which this SDK marks in-app): located at the app's call
      [
        'JSONDecodeError',
        'Expecting value: line 1 column 1 (char 0)',
        `import_rows (${APP}:${lineOf('json.loads(')})`,
        1,
        'error',
        'e2e',
      ],
      ['Message', 'invoice reminder skipped', null, 1, 'info', 'e2e'],
    ]);

    const reminders = await stack.db
      .selectFrom('recent_occurrences')
      .select('message')
      .where('message', 'like', 'reminder%')
      .execute();
    expect(reminders.map((o) => o.message).sort()).toEqual(['reminder to ada bounced', 'reminder to bob bounced']);

    const withSecrets = await stack.db
      .selectFrom('recent_occurrences')
      .select(['request_url', 'request_method', 'request_headers', 'extra', 'release', 'user_id'])
      .where('message', '=', 'invoice 7 not found')
      .executeTakeFirstOrThrow();
    expect(withSecrets.request_method).toBe('POST');
    expect(withSecrets.request_url).toBe(`${flaskBase}/invoices/7?api_token=**************`);
    expect(withSecrets.request_headers).toMatchObject({
      Authorization: '**************',
      Cookie: '**************',
      'X-Api-Token': '**************',
    });
    expect(withSecrets.extra?.request_data).toEqual({ username: 'ada', password: '**************' });
    expect(withSecrets.release).toBe('flask-app@3.0.0');

    const stored = await stack.storedText('flask-app');
    for (const secret of ['hunter2-flask', 'hunter2-raw', 'tok-py-auth', 'tok-py-header', 'tok-py-query', 'cook-py']) {
      expect(stored).not.toContain(secret);
    }
  });
});
