import { apiPort } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { TEST_API_KEY } from '../support/test-config';

const sandbox = useSandbox();

const DSN = /^https:\/\/([0-9a-f]{32})@errors\.example\.com:8443\/(\d+)$/;

describe('projects and DSNs', () => {
  it('creates projects over the API and prints the same DSN from the CLI', async () => {
    const publicUrl = { PUBLIC_URL: 'https://errors.example.com:8443' };
    const api = sandbox.start('api', publicUrl);
    const base = `http://127.0.0.1:${await apiPort(api)}`;
    const headers = { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' };

    const created = await fetch(`${base}/api/projects`, { method: 'POST', headers, body: JSON.stringify({ name: 'shop' }) });
    expect(created.status).toBe(201);
    const project = (await created.json()) as { id: number; name: string; public_key: string; dsn: string };
    expect(project).toMatchObject({ name: 'shop', public_key: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(project.dsn).toBe(`https://${project.public_key}@errors.example.com:8443/${project.id}`);

    expect((await fetch(`${base}/api/projects`, { method: 'POST', headers, body: '{"name":"shop"}' })).status).toBe(409);
    expect((await fetch(`${base}/api/projects`, { method: 'POST', headers, body: '{"name":""}' })).status).toBe(400);
    expect((await fetch(`${base}/api/projects/nope`, { headers })).status).toBe(404);
    const fetched = (await (await fetch(`${base}/api/projects/shop`, { headers })).json()) as { dsn: string };
    expect(fetched.dsn).toBe(project.dsn);

    const fromCli = sandbox.start('dsn', publicUrl, ['shop']);
    expect(await fromCli.exited).toBe(0);
    expect(fromCli.output).toEqual([project.dsn]);

    const fresh = sandbox.start('dsn', publicUrl, ['billing']);
    expect(await fresh.exited).toBe(0);
    const [line] = fresh.output;
    expect(line).toMatch(DSN);
    expect(Number(DSN.exec(line ?? '')?.[2])).not.toBe(project.id);
    const names = (await (await fetch(`${base}/api/projects`, { headers })).json()) as { projects: string[] };
    expect(names.projects).toEqual(['billing', 'shop']);
  });
});
