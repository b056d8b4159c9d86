import { randomBytes } from 'node:crypto';
import { migrations } from '@error-tracker/contracts/db/migrations/index';
import { serverUrl, serverUrlOf, withAdminClient } from '../support/databases';
import { apiPort, type RoleProcess } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { type SmtpInbox, startSmtpInbox } from '../support/smtp-inbox';
import { TEST_API_KEY } from '../support/test-config';
import { waitFor } from '../support/wait-for';

const sandbox = useSandbox();
const databases: string[] = [];
const roles: string[] = [];
let inbox: SmtpInbox | undefined;

afterAll(async () => {
  await inbox?.close();
  await withAdminClient(serverUrl(), async (client) => {
    for (const name of databases) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    for (const role of roles) await client.query(`DROP ROLE IF EXISTS ${role}`);
  });
});

/** A database name no server has yet; dropped after the file's tests. */
function freshDatabase(): string {
  const name = `et_first_run_${randomBytes(5).toString('hex')}`;
  databases.push(name);
  return name;
}

async function appliedMigrations(database: string): Promise<string[] | undefined> {
  return withAdminClient(serverUrl(), async (admin) => {
    const { rows } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rows.length === 0) return undefined;
    return withAdminClient(serverUrlOf(database), async (client) => {
      const applied = await client.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name');
      return applied.rows.map((row) => row.name);
    });
  });
}

const seedReport = {
  project: 'my-app',
  environment: 'prod',
  exception_type: 'ValueError',
  message: 'invalid input',
  traceback:
    'Traceback (most recent call last):\n  File "/srv/app/views.py", line 42, in create\n    raise ValueError("invalid input")\nValueError: invalid input',
  request_url: '/api/users',
  request_method: 'POST',
  user_id: 'user-42',
};

async function report(base: string): Promise<Response> {
  return fetch(`${base}/api/errors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
    body: JSON.stringify(seedReport),
  });
}

const outputOf = (runs: readonly RoleProcess[]) => runs.flatMap((run) => run.output).join('\n');

describe('first run: the database does not exist yet', () => {
  it('error-tracker migrate creates and migrates it, also when three start at the same moment', async () => {
    const database = freshDatabase();
    expect(await appliedMigrations(database)).toBeUndefined();

    const runs = Array.from({ length: 3 }, () => sandbox.start('migrate', { DATABASE_URL: serverUrlOf(database) }));
    expect(await Promise.all(runs.map((run) => run.exited))).toEqual([0, 0, 0]);

    expect(await appliedMigrations(database)).toEqual(Object.keys(migrations).sort());
    expect(outputOf(runs).match(/"msg":"database created"/g)).toHaveLength(1);
  });

  it('error-tracker all creates and migrates it, then the API takes and serves errors', async () => {
    const database = freshDatabase();
    const all = sandbox.start('all', { DATABASE_URL: serverUrlOf(database) });
    const base = `http://127.0.0.1:${await apiPort(all)}`;

    expect(await appliedMigrations(database)).toEqual(Object.keys(migrations).sort());
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await report(base)).status).toBe(202);
    const listed = await waitFor('the error listed by the API', async () => {
      const response = await fetch(`${base}/api/errors?project=my-app`, { headers: { 'x-api-key': TEST_API_KEY } });
      const body = (await response.json()) as { errors: Array<{ exception_type: string; count: number }> };
      return body.errors.length > 0 ? body.errors : undefined;
    });
    expect(listed).toEqual([expect.objectContaining({ exception_type: 'ValueError', count: 1 })]);
    // The next test's process shares this file's Redis prefix: it must not find this one's worker there.
    all.kill('SIGTERM');
    expect(await all.exited).toBe(0);
  });

  it('gives a role that may not create databases the command to run, exits non-zero, and starts once it is run', async () => {
    const role = `et_no_createdb_${randomBytes(4).toString('hex')}`;
    roles.push(role);
    await withAdminClient(serverUrl(), (client) => client.query(`CREATE ROLE ${role} LOGIN NOCREATEDB`));
    const database = freshDatabase();
    const env = { DATABASE_URL: serverUrlOf(database, role) };

    const refused = [sandbox.start('migrate', env), sandbox.start('api', env)];
    expect(await Promise.all(refused.map((run) => run.exited))).toEqual([1, 1]);
    const server = new URL(serverUrl());
    const createdb = `createdb -h ${server.hostname} -p ${server.port || 5432} -U postgres -O ${role} ${database}`;
    for (const run of refused) expect(run.output.join('\n')).toContain(createdb);
    expect(await appliedMigrations(database)).toBeUndefined();

    // The psql equivalent it prints, run as the admin, is all the role needed.
    const createSql = /-c '(CREATE DATABASE [^']+)'/.exec(outputOf(refused))?.[1];
    expect(createSql).toBe(`CREATE DATABASE "${database}" OWNER "${role}"`);
    await withAdminClient(serverUrl(), (client) => client.query(createSql!));
    const migrate = sandbox.start('migrate', env);
    expect(await migrate.exited).toBe(0);
    expect(await appliedMigrations(database)).toEqual(Object.keys(migrations).sort());
  });
});

describe('POSTMARK_FROM_EMAIL without a Postmark token', () => {
  it('starts, and alerts go out through SMTP from that address', async () => {
    inbox = await startSmtpInbox();
    const all = sandbox.start('all', {
      SMTP_URL: inbox.url,
      ALERT_EMAILS: 'oncall@example.com',
      POSTMARK_FROM_EMAIL: 'alerts@example.com',
    });
    const started = JSON.parse(await all.waitForLine(/notifier started/)) as { transport: string; from: string };
    expect(started).toMatchObject({ transport: 'smtp', from: 'alerts@example.com' });

    expect((await report(`http://127.0.0.1:${await apiPort(all)}`)).status).toBe(202);
    const sent = inbox;
    const [mail] = await waitFor('the alert email', async () => (sent.messages.length > 0 ? sent.messages : undefined));
    expect(mail!.from).toBe('alerts@example.com');
    expect(mail!.headers.get('from')).toBe('alerts@example.com');
    expect(mail!.recipients).toEqual(['oncall@example.com']);
    expect(mail!.subject).toContain('ValueError: invalid input');
  });
});
