import { createHash } from 'node:crypto';
import { apiPort, type RoleProcess } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { waitUntil } from '../support/wait-for';

const sandbox = useSandbox();

/** Runs `error-tracker keys …` to its end; answers its output lines. */
async function keysCli(...args: string[]): Promise<string[]> {
  const cli = sandbox.start('keys', {}, args);
  const code = await cli.exited;
  if (code !== 0) throw new Error(`keys ${args.join(' ')} exited ${code}:\n${cli.output.join('\n')}`);
  return cli.output;
}

const get = (base: string, key: string, path = '/api/errors') =>
  fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
const hex = (secret: string) => createHash('sha256').update(secret).digest('hex');

describe('access control across processes', () => {
  it('mints a key from the CLI with no API running, lists it by preview, and a revocation reaches every replica within 5 s; no key or token is ever logged', async () => {
    const created = await keysCli('create', '--name', 'first owner', '--permissions', 'read,admin');
    const key = created.find((line) => /^et_[0-9A-Za-z]{40}$/.test(line)) ?? '';
    expect(key).not.toBe('');
    const listed = await keysCli('list');
    expect(listed).toEqual([
      expect.stringMatching(new RegExp(`^\\d+\\tfirst owner\\tet_\\*{4}${key.slice(-4)}\\tread,admin\\t`)),
    ]);
    expect(listed.join('\n')).not.toContain(key);
    const id = listed[0]?.split('\t')[0] ?? '';

    const apis: RoleProcess[] = [sandbox.start('api', { LOG_LEVEL: 'debug' }), sandbox.start('api', { LOG_LEVEL: 'debug' })];
    const bases = await Promise.all(apis.map(async (api) => `http://127.0.0.1:${await apiPort(api)}`));
    for (const base of bases) expect((await get(base, key)).status).toBe(200);

    // An invitation accepted on one replica gives a key the other one takes.
    const [first = '', second = ''] = bases;
    const invited = await fetch(`${first}/api/settings/team/invite`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'dev@example.com', role: 'developer' }),
    });
    expect(invited.status).toBe(201);
    const { invitation } = (await invited.json()) as { invitation: { accept_url: string } };
    const token = new URL(invitation.accept_url).searchParams.get('token') ?? '';
    const accepted = await fetch(`${second}/api/settings/team/accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, name: 'Dev' }),
    });
    expect(accepted.status).toBe(201);
    const personal = ((await accepted.json()) as { api_key: { key: string } }).api_key.key;
    expect((await get(first, personal)).status).toBe(200);

    const revokedAt = Date.now();
    await keysCli('revoke', id);
    await Promise.all(
      bases.map((base) =>
        waitUntil(`revocation seen by ${base}`, async () => (await get(base, key)).status === 401, {
          timeoutMs: 5_000,
          intervalMs: 50,
        }),
      ),
    );
    expect(Date.now() - revokedAt).toBeLessThan(5_000);

    const logged = [...apis.flatMap((api) => api.output), ...listed, ...created.filter((line) => line !== key)].join('\n');
    expect(logged).toContain('"msg":"request"');
    for (const secret of [key, personal, token]) {
      expect(logged).not.toContain(secret);
      expect(logged).not.toContain(hex(secret));
    }
  });

  it('says what is wrong with a keys command, and exits 2', async () => {
    const cli = sandbox.start('keys', {}, ['create', '--permissions', 'read,root']);
    expect(await cli.exited).toBe(2);
    expect(cli.output.join('\n')).toMatch(/--name is required|unknown permission root/);
  });
});
