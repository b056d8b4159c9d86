import { sql } from 'kysely';
import { createMailSender } from '@error-tracker/runtime/mail/mail-sender';
import { accept, acceptUrlFor, callAs, createKey, memberWithRole, tokenOf } from '../support/access';
import { type ApiHarness, startApiHarness } from '../support/api-harness';
import { useSandbox } from '../support/sandbox';
import { seedEvents } from '../support/seed';
import { type SmtpInbox, startSmtpInbox } from '../support/smtp-inbox';
import { TEST_API_KEY } from '../support/test-config';
import { waitUntil } from '../support/wait-for';

const sandbox = useSandbox();
let api: ApiHarness;
let inbox: SmtpInbox;
let mailedApi: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness(sandbox);
  inbox = sandbox.stopAfter(await startSmtpInbox());
  const mailer = createMailSender(sandbox.config({ SMTP_URL: inbox.url, ALERT_FROM_EMAIL: 'tracker@example.com' }), 5_000);
  sandbox.stopAfter({ close: () => Promise.resolve(mailer?.close()) });
  mailedApi = await startApiHarness(sandbox, { mailer, publicUrl: 'https://tracker.example.com' });
});

const as = (key: string | undefined) => callAs(api.base, key);
const problemOf = async (response: Response) => (await response.json()) as { detail: string; errors?: Array<{ field: string }> };

/** Every row of every table as text (bytea as hex): what a dump of the database would hold. */
async function databaseDump(): Promise<string> {
  const tables = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public'`.execute(
    sandbox.db,
  );
  const rows = await Promise.all(
    tables.rows.map(({ name }) => sql<{ row: string }>`SELECT t::text AS row FROM ${sql.table(name)} AS t`.execute(sandbox.db)),
  );
  return rows.flatMap((result) => result.rows.map((r) => r.row)).join('\n');
}

describe('API keys', () => {
  it('shows a new key once, as et_ and 40 base62 characters; lists only its preview', async () => {
    const response = await api.send('POST', '/api/settings/api-keys', { name: 'deploy', permissions: ['read', 'write'] });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { id: number; key: string; key_preview: string; permissions: string[] };
    expect(created.key).toMatch(/^et_[0-9A-Za-z]{40}$/);
    expect(created).toMatchObject({ key_preview: `et_****${created.key.slice(-4)}`, permissions: ['read', 'write'] });

    const listed = (await (await api.get('/api/settings/api-keys')).json()) as { api_keys: Array<Record<string, unknown>> };
    const entry = listed.api_keys.find((key) => key.id === created.id);
    expect(entry).toMatchObject({ name: 'deploy', key_preview: created.key_preview, member_id: null, last_used: null });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(Object.keys(entry ?? {}).sort()).toEqual([
      'created_at',
      'expires_at',
      'id',
      'key_preview',
      'last_used',
      'member_id',
      'name',
      'permissions',
    ]);
  });

  it('keeps no key in the database: a dump holds neither the key nor its body', async () => {
    const { key } = await createKey(api, ['read']);
    const dump = await databaseDump();
    expect(dump).toContain('test read');
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(key.slice(3, 20));
  });

  it('lists every bad field of a key request', async () => {
    const response = await api.send('POST', '/api/settings/api-keys', {
      name: '',
      permissions: ['read', 'root'],
      expires_at: '2001-01-01T00:00:00Z',
    });
    expect(response.status).toBe(400);
    expect((await problemOf(response)).errors?.map((e) => e.field).sort()).toEqual(['expires_at', 'name', 'permissions.1']);
  });

  it('refuses a revoked key (401) and says so', async () => {
    const { id, key } = await createKey(api, ['read']);
    expect((await as(key)('GET', '/api/errors')).status).toBe(200);
    expect((await api.send('DELETE', `/api/settings/api-keys/${id}`)).status).toBe(204);
    await waitUntil('the key refused', async () => (await as(key)('GET', '/api/errors')).status === 401, { timeoutMs: 5_000 });
    expect((await problemOf(await as(key)('GET', '/api/errors'))).detail).toBe('the API key was revoked');
    expect((await api.send('DELETE', `/api/settings/api-keys/${id}`)).status).toBe(404);
  });

  it('refuses an expired key (401)', async () => {
    const { key } = await createKey(api, ['read'], { expires_at: new Date(Date.now() + 1_500).toISOString() });
    expect((await as(key)('GET', '/api/errors')).status).toBe(200);
    await waitUntil('the key refused', async () => (await as(key)('GET', '/api/errors')).status === 401, { timeoutMs: 5_000 });
    expect((await problemOf(await as(key)('GET', '/api/errors'))).detail).toBe('the API key has expired');
  });

  it('answers 401 for a missing or unknown key, 403 naming the missing permission', async () => {
    expect((await as(undefined)('GET', '/api/errors')).status).toBe(401);
    expect((await as('et_0000000000000000000000000000000000000000')('GET', '/api/errors')).status).toBe(401);
    const { key } = await createKey(api, ['read']);
    const [id] = await seedEvents(api.db, [{ project: 'perm', message: 'x' }]);
    const denied = await as(key)('POST', `/api/errors/${id}/resolve`);
    expect(denied.status).toBe(403);
    expect((await problemOf(denied)).detail).toContain('write');
  });

  it('writes last_used at most once a minute, whatever the traffic', async () => {
    const { id, key } = await createKey(api, ['read']);
    const before = api.queries.length;
    for (let i = 0; i < 10; i++) expect((await as(key)('GET', '/api/projects')).status).toBe(200);
    await waitUntil('last_used written', async () => {
      const row = await sandbox.db.selectFrom('api_keys').select('last_used').where('id', '=', id).executeTakeFirstOrThrow();
      return row.last_used !== null;
    });
    // This key's only: an earlier test's key may still be writing its own (fire-and-forget) touch.
    const touches = api.queries
      .slice(before)
      .filter((query, i) => /^update "api_keys" set "last_used"/.test(query) && api.parameters[before + i]?.includes(id));
    expect(touches).toHaveLength(1);
  });

  it('cannot give a key permissions its creator lacks', async () => {
    const admin = await memberWithRole(api, 'admin');
    const { key } = (await (
      await as(admin.key.key)('POST', '/api/settings/api-keys', { name: 'reader', permissions: ['read', 'admin'] })
    ).json()) as { key: string };
    const beyond = await as(key)('POST', '/api/settings/api-keys', { name: 'escalate', permissions: ['read', 'write'] });
    expect(beyond.status).toBe(403);
    expect((await problemOf(beyond)).detail).toContain('write');
  });
});

describe('team', () => {
  it('invites by email with a one-time link valid 7 days; accepting gives the first personal key; twice fails', async () => {
    const response = await callAs(mailedApi.base, TEST_API_KEY)('POST', '/api/settings/team/invite', {
      email: 'ana@example.com',
      role: 'developer',
      name: 'Ana',
    });
    expect(response.status).toBe(201);
    const invited = (await response.json()) as {
      id: number;
      status: string;
      invitation: { email_sent: boolean; expires_at: string; accept_url?: string };
    };
    expect(invited).toMatchObject({ status: 'invited', invitation: { email_sent: true } });
    expect(invited.invitation.accept_url).toBeUndefined();
    const days = (Date.parse(invited.invitation.expires_at) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);

    await waitUntil('the invitation email', () => inbox.messages.some((mail) => mail.recipients.includes('ana@example.com')));
    const mail = inbox.messages.find((m) => m.recipients.includes('ana@example.com'));
    expect(mail?.from).toBe('tracker@example.com');
    const link = /https:\/\/tracker\.example\.com\/invite\?token=([A-Za-z0-9_]+)/.exec(mail?.text ?? '');
    expect(link).not.toBeNull();
    const token = link?.[1] ?? '';
    expect(await databaseDump()).not.toContain(token);

    const accepted = await accept(api, token, 'Ana Lopez');
    expect(accepted.status).toBe(201);
    const body = (await accepted.json()) as {
      member: { status: string; name: string; role: string };
      api_key: { key: string; permissions: string[] };
    };
    expect(body.member).toMatchObject({ status: 'active', name: 'Ana Lopez', role: 'developer' });
    expect(body.api_key.permissions).toEqual(['ingest', 'read', 'write']);
    expect((await as(body.api_key.key)('GET', '/api/errors')).status).toBe(200);
    expect((await accept(api, token)).status).toBe(404);
  });

  it('acts with the lesser of a key and its member’s role', async () => {
    const admin = await memberWithRole(api, 'admin');
    const made = await as(admin.key.key)('POST', '/api/settings/api-keys', { name: 'ci', permissions: ['read', 'write'] });
    expect(made.status).toBe(201);
    const { key } = (await made.json()) as { key: string };
    const [id] = await seedEvents(api.db, [{ project: 'lesser', message: 'x' }]);
    expect((await as(key)('POST', `/api/errors/${id}/ignore`)).status).toBe(200);
    expect((await api.send('PATCH', `/api/settings/team/${admin.id}`, { role: 'viewer' })).status).toBe(200);
    await waitUntil('the role change applied', async () => (await as(key)('POST', `/api/errors/${id}/resolve`)).status === 403, {
      timeoutMs: 5_000,
    });
    expect((await as(key)('GET', `/api/errors/${id}`)).status).toBe(200);
  });

  it('stops every key of a disabled or removed member', async () => {
    const disabled = await memberWithRole(api, 'developer');
    const removed = await memberWithRole(api, 'developer');
    for (const member of [disabled, removed]) expect((await as(member.key.key)('GET', '/api/errors')).status).toBe(200);
    expect((await api.send('PATCH', `/api/settings/team/${disabled.id}`, { status: 'disabled' })).status).toBe(200);
    expect((await api.send('DELETE', `/api/settings/team/${removed.id}`)).status).toBe(204);
    for (const member of [disabled, removed]) {
      await waitUntil('the member’s key refused', async () => (await as(member.key.key)('GET', '/api/errors')).status === 401, {
        timeoutMs: 5_000,
      });
    }
  });

  it('keeps the last owner, and leaves owners to owners', async () => {
    const owner = await memberWithRole(api, 'owner');
    const admin = await memberWithRole(api, 'admin');
    expect((await api.send('PATCH', `/api/settings/team/${owner.id}`, { role: 'admin' })).status).toBe(409);
    expect((await api.send('PATCH', `/api/settings/team/${owner.id}`, { status: 'disabled' })).status).toBe(409);
    expect((await api.send('DELETE', `/api/settings/team/${owner.id}`)).status).toBe(409);

    const byAdmin = as(admin.key.key);
    expect((await byAdmin('POST', '/api/settings/team/invite', { email: 'boss@example.com', role: 'owner' })).status).toBe(403);
    const developer = await memberWithRole(api, 'developer');
    expect((await byAdmin('PATCH', `/api/settings/team/${developer.id}`, { role: 'owner' })).status).toBe(403);
    expect((await byAdmin('DELETE', `/api/settings/team/${owner.id}`)).status).toBe(403);
    expect((await byAdmin('PATCH', `/api/settings/team/${developer.id}`, { role: 'viewer' })).status).toBe(200);

    const second = await memberWithRole(api, 'owner');
    expect((await as(owner.key.key)('PATCH', `/api/settings/team/${second.id}`, { role: 'admin' })).status).toBe(200);
  });

  it('answers the link itself when no mail transport can carry it, and refuses a member twice', async () => {
    const url = await acceptUrlFor(api, 'nomail@example.com', 'viewer');
    expect(tokenOf(url)).toMatch(/^inv_[0-9A-Za-z]{40}$/);
    expect((await api.send('POST', '/api/settings/team/invite', { email: 'NoMail@example.com', role: 'viewer' })).status).toBe(
      409,
    );
  });
});

describe('audit log', () => {
  it('records who did what to which target from where, newest first, a page at a time', async () => {
    const [id] = await seedEvents(api.db, [{ project: 'audit', message: 'x' }]);
    const { key, id: keyId } = await createKey(api, ['read', 'write'], { name: 'triage' });
    expect((await as(key)('POST', `/api/errors/${id}/resolve`)).status).toBe(200);
    expect((await as(key)('DELETE', `/api/errors/${id}`)).status).toBe(204);

    const page = (await (await api.get('/api/settings/audit-log?limit=2')).json()) as {
      entries: Array<{
        action: string;
        actor: { label: string; key_id: number | null };
        target: { type: string; id: string };
        client_ip: string;
        at: string;
      }>;
    };
    expect(page.entries.map((entry) => entry.action)).toEqual(['group.deleted', 'group.resolved']);
    expect(page.entries[1]).toMatchObject({
      actor: { label: `key ${keyId} (triage)`, key_id: keyId },
      target: { type: 'group', id: String(id) },
    });
    expect(page.entries[1]?.client_ip).toMatch(/127\.0\.0\.1/);
    const next = (await (await api.get('/api/settings/audit-log?limit=1&offset=2')).json()) as {
      entries: Array<{ action: string }>;
    };
    expect(next.entries.map((entry) => entry.action)).toEqual(['api_key.created']);
  });

  it('commits a change only with its record: an audit write that fails undoes the change', async () => {
    const [id = 0] = await seedEvents(api.db, [{ project: 'atomic', message: 'x' }]);
    await sql`CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit refused'; END $$`.execute(
      sandbox.db,
    );
    await sql`CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_audit()`.execute(
      sandbox.db,
    );
    try {
      expect((await api.send('POST', `/api/errors/${id}/resolve`)).status).toBe(500);
      const group = await sandbox.db.selectFrom('errors').select('status').where('id', '=', id).executeTakeFirstOrThrow();
      expect(group.status).toBe('open');
    } finally {
      await sql`DROP TRIGGER refuse_audit ON audit_log`.execute(sandbox.db);
      await sql`DROP FUNCTION refuse_audit()`.execute(sandbox.db);
    }
  });
});
