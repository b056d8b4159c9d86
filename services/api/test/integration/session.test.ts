import { callAs, createKey, memberWithRole } from '../../../../test/support/access';
import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { useSandbox } from '../../../../test/support/sandbox';

const sandbox = useSandbox();
let api: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness(sandbox);
});

const sessionOf = async (key: string) => {
  const response = await callAs(api.base, key)('GET', '/api/session');
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('GET /api/session', () => {
  it('names the bootstrap key, acting as owner with every permission', async () => {
    expect(await (await api.get('/api/session')).json()).toEqual({
      kind: 'bootstrap',
      key_id: null,
      member_id: null,
      role: 'owner',
      label: 'bootstrap key',
      permissions: ['ingest', 'read', 'write', 'admin'],
      csrf_token: null,
    });
  });

  it("answers a member's key with the lesser of its permissions and the member's role", async () => {
    const developer = await memberWithRole(api, 'developer', 'dev-session@example.com');
    expect(await sessionOf(developer.key.key)).toEqual({
      status: 200,
      body: {
        kind: 'key',
        key_id: developer.key.id,
        member_id: developer.id,
        role: 'developer',
        label: 'dev-session@example.com',
        permissions: ['ingest', 'read', 'write'],
        csrf_token: null,
      },
    });
    const viewer = await memberWithRole(api, 'viewer');
    expect((await sessionOf(viewer.key.key)).body.permissions).toEqual(['read']);
  });

  it('answers a key of no member with its own permissions, and refuses a key that cannot read', async () => {
    const reader = await createKey(api, ['read', 'admin'], { name: 'ops' });
    expect((await sessionOf(reader.key)).body).toMatchObject({
      kind: 'key',
      member_id: null,
      role: null,
      permissions: ['read', 'admin'],
    });
    expect((await sessionOf((await createKey(api, ['ingest'])).key)).status).toBe(403);
    expect((await callAs(api.base, 'et_unknown')('GET', '/api/session')).status).toBe(401);
  });
});
