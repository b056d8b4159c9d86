import { apiPort } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { TEST_API_KEY } from '../support/test-config';
import { waitFor } from '../support/wait-for';

const sandbox = useSandbox();

describe('API logs', () => {
  it('are JSON lines that carry the request id, and never the key or a secret', async () => {
    const api = sandbox.start('api', { LOG_LEVEL: 'debug', RATE_LIMIT_PER_MINUTE: '0' });
    const base = `http://127.0.0.1:${await apiPort(api)}`;

    const traced = await fetch(`${base}/api/errors`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY, 'x-request-id': 'trace-abc.123' },
      body: JSON.stringify({
        message: 'boom',
        extra: { password: 'hunter2-secret' },
        request_headers: { Authorization: 'Bearer tok-999' },
      }),
    });
    expect(traced.status).toBe(202);
    expect(traced.headers.get('x-request-id')).toBe('trace-abc.123');

    const minted = await fetch(`${base}/api/errors?limit=oops`, {
      headers: { 'x-api-key': TEST_API_KEY, 'x-request-id': 'bad id with spaces' },
    });
    const mintedId = minted.headers.get('x-request-id') ?? '';
    expect(mintedId).toMatch(/^[0-9a-f-]{36}$/);

    const lines = await waitFor('both request lines', async () => {
      const parsed = api.output.map((line) => JSON.parse(line) as Record<string, unknown>);
      const requests = parsed.filter((line) => line.msg === 'request');
      return requests.length >= 2 ? parsed : undefined;
    });
    const requests = lines.filter((line) => line.msg === 'request');
    expect(requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ reqId: 'trace-abc.123', method: 'POST', path: '/api/errors', status: 202 }),
        expect.objectContaining({ reqId: mintedId, method: 'GET', status: 400 }),
      ]),
    );
    for (const line of requests) expect(line.reqId).toEqual(expect.any(String));
    const everything = api.output.join('\n');
    expect(everything).not.toContain(TEST_API_KEY);
    expect(everything).not.toContain('hunter2-secret');
    expect(everything).not.toContain('tok-999');
  });
});
