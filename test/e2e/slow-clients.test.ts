import { connect } from 'node:net';
import { apiPort } from '../support/processes';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox();

/** Sends `head` and then nothing more; answers what the server said and when it closed the connection. */
function trickle(port: number, head: string): Promise<{ answer: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('close', () => resolve({ answer, closedAfterMs: Date.now() - started }));
    socket.on('error', reject);
  });
}

describe('slow clients', () => {
  it('lose a connection whose headers or body never finish (408), while the API keeps serving', async () => {
    const api = sandbox.start('api', { HTTP_HEADERS_TIMEOUT_MS: '500', HTTP_REQUEST_TIMEOUT_MS: '1500' });
    const port = await apiPort(api);
    const headers = await trickle(port, 'GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(headers.closedAfterMs).toBeLessThan(5_000);
    const body = await trickle(
      port,
      'POST /api/errors HTTP/1.1\r\nHost: x\r\nX-API-Key: test-api-key-0123456789\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"mess',
    );
    expect(body.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(body.closedAfterMs).toBeLessThan(6_000);
    expect((await fetch(`http://127.0.0.1:${port}/health`)).status).toBe(200);
  });
});
