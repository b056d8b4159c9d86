import { createHash } from 'node:crypto';
import { callAs, createKey, memberWithRole } from '../../../../test/support/access';
import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { useSandbox } from '../../../../test/support/sandbox';
import { TEST_API_KEY } from '../../../../test/support/test-config';
import { waitUntil } from '../../../../test/support/wait-for';

const sandbox = useSandbox();
let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness(sandbox);
});

interface SignedIn {
  readonly setCookie: string;
  /** `et_session=…`, as the browser sends it back. */
  readonly cookie: string;
  readonly token: string;
  readonly csrf: string;
  readonly body: Record<string, unknown>;
}

async function signIn(key: string, base = api.base, headers: Record<string, string> = {}): Promise<SignedIn> {
  const response = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ key }),
  });
  expect(response.status).toBe(201);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const cookie = setCookie.split(';')[0] ?? '';
  const body = (await response.json()) as Record<string, unknown>;
  return { setCookie, cookie, token: cookie.slice('et_session='.length), csrf: String(body.csrf_token), body };
}

/** A request carrying the session cookie and no key. */
const withCookie = (session: SignedIn, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  callAs(api.base, undefined)(method, path, body, { cookie: session.cookie, ...headers });

describe('the dashboard session cookie', () => {
  it('exchanges a key for an HttpOnly, SameSite=Strict cookie whose token is stored only as its SHA-256', async () => {
    const session = await signIn(TEST_API_KEY);
    expect(session.setCookie).toMatch(/^et_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(session.body).toMatchObject({
      kind: 'bootstrap',
      permissions: ['ingest', 'read', 'write', 'admin'],
      csrf_token: expect.any(String),
    });

    const stored = await api.db.selectFrom('sessions').selectAll().execute();
    const hash = createHash('sha256').update(session.token).digest();
    expect(stored.filter((row) => row.token_hash.equals(hash))).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(session.token);
    const row = stored.find((r) => r.token_hash.equals(hash));
    expect(row!.expires_at.getTime() - Date.now()).toBeGreaterThan(11.9 * 3600_000);

    const again = await withCookie(session, 'GET', '/api/session');
    expect(await again.json()).toMatchObject({ kind: 'bootstrap', csrf_token: session.csrf });
    expect((await withCookie(session, 'GET', '/api/errors')).status).toBe(200);
    // A key's answer has no CSRF token: a key needs none.
    expect(await (await api.get('/api/session')).json()).toMatchObject({ csrf_token: null });
  });

  it('marks the cookie Secure when the request came over HTTPS', async () => {
    const proxied = await startApiHarness(sandbox, { trustProxy: true });
    const session = await signIn(TEST_API_KEY, proxied.base, { 'x-forwarded-proto': 'https' });
    expect(session.setCookie).toContain('; Secure');
  });

  it('signs in with the key in Authorization too; refuses unknown keys, keys that cannot read, and no key', async () => {
    const viaHeader = await fetch(`${api.base}/api/session`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_API_KEY}` },
    });
    expect(viaHeader.status).toBe(201);
    expect(viaHeader.headers.get('set-cookie')).toContain('HttpOnly');
    const post = (body: unknown) => callAs(api.base, undefined)('POST', '/api/session', body);
    expect((await post({ key: 'et_unknown' })).status).toBe(401);
    expect((await post({ key: (await createKey(api, ['ingest'])).key })).status).toBe(403);
    expect((await post({})).status).toBe(401);
    expect((await post({ key: 5 })).status).toBe(400);
  });

  it('refuses a change made with the cookie without its CSRF token (403), accepts it with the token; a key needs none', async () => {
    const session = await signIn(TEST_API_KEY);
    const project = (name: string, headers: Record<string, string> = {}) =>
      withCookie(session, 'POST', '/api/projects', { name }, headers);
    const missing = await project('csrf-missing');
    expect(missing.status).toBe(403);
    expect(((await missing.json()) as { detail: string }).detail).toContain('X-CSRF-Token');
    expect((await project('csrf-wrong', { 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403);
    // A form post of another site (text/plain) is a change without the token too.
    const form = await fetch(`${api.base}/api/projects`, {
      method: 'POST',
      headers: { cookie: session.cookie, 'content-type': 'text/plain' },
      body: '{"name":"csrf-form"}',
    });
    expect(form.status).toBe(403);
    expect((await project('csrf-ok', { 'x-csrf-token': session.csrf })).status).toBe(201);
    expect((await api.send('POST', '/api/projects', { name: 'csrf-key' })).status).toBe(201);
    const names = (await api.db.selectFrom('projects').select('name').execute()).map((p) => p.name);
    expect(names.filter((name) => name.startsWith('csrf-')).sort()).toEqual(['csrf-key', 'csrf-ok']);
  });

  it("acts with the key's permissions, and ends when the key is revoked or the member disabled", async () => {
    const viewer = await memberWithRole(api, 'viewer');
    const viewing = await signIn(viewer.key.key);
    expect(viewing.body).toMatchObject({ role: 'viewer', permissions: ['read'] });
    expect(
      (await withCookie(viewing, 'POST', '/api/projects', { name: 'by-viewer' }, { 'x-csrf-token': viewing.csrf })).status,
    ).toBe(403);

    const revoked = await signIn(viewer.key.key);
    expect((await api.send('DELETE', `/api/settings/api-keys/${viewer.key.id}`)).status).toBe(204);
    await waitUntil(
      'the revoked key ends the session',
      async () => (await withCookie(revoked, 'GET', '/api/errors')).status === 401,
    );
    const refusal = (await (await withCookie(revoked, 'GET', '/api/session')).json()) as { detail: string };
    expect(refusal.detail).toBe('the session has ended: the API key was revoked');

    const developer = await memberWithRole(api, 'developer');
    const working = await signIn(developer.key.key);
    expect((await withCookie(working, 'GET', '/api/errors')).status).toBe(200);
    expect((await api.send('PATCH', `/api/settings/team/${developer.id}`, { status: 'disabled' })).status).toBe(200);
    await waitUntil(
      'the disabled member ends the session',
      async () => (await withCookie(working, 'GET', '/api/errors')).status === 401,
    );
  });

  it('signs out with the CSRF token, clearing the cookie; the cookie authenticates nothing afterwards nor ever ingest', async () => {
    const session = await signIn(TEST_API_KEY);
    expect(
      (await withCookie(session, 'POST', '/api/errors', { message: 'cookie ingest' }, { 'x-csrf-token': session.csrf })).status,
    ).toBe(401);
    expect((await withCookie(session, 'DELETE', '/api/session')).status).toBe(403);
    const out = await withCookie(session, 'DELETE', '/api/session', undefined, { 'x-csrf-token': session.csrf });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toBe('et_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0');
    const after = await withCookie(session, 'GET', '/api/errors');
    expect(after.status).toBe(401);
    expect(((await after.json()) as { detail: string }).detail).toBe('the session has ended: sign in again');

    const actions = await api.db
      .selectFrom('audit_log')
      .select(['action', 'actor'])
      .where('action', 'like', 'session.%')
      .execute();
    expect(actions).toContainEqual({ action: 'session.started', actor: 'bootstrap key' });
    expect(actions).toContainEqual({ action: 'session.ended', actor: 'bootstrap key' });
  });
});
