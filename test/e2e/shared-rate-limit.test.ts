import { apiPort } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { TEST_API_KEY } from '../support/test-config';

const sandbox = useSandbox({ per: 'test' });

async function startApis(count: number, overrides: Record<string, string>): Promise<string[]> {
  const started = Array.from({ length: count }, () => sandbox.start('api', overrides));
  return Promise.all(started.map(async (api) => `http://127.0.0.1:${await apiPort(api)}`));
}

const report = (base: string, key = TEST_API_KEY) =>
  fetch(`${base}/api/errors`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'content-type': 'application/json' },
    body: '{"message":"m"}',
  });

const list = (base: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/errors`, { headers: { 'x-api-key': TEST_API_KEY, ...headers } });

describe('rate limit shared through Redis', () => {
  it('gives two API processes one budget per client IP, then 429 with Retry-After and RateLimit-*', async () => {
    const [a, b] = (await startApis(2, { RATE_LIMIT_PER_MINUTE: '10' })) as [string, string];
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await list(i % 2 === 0 ? a : b)).status);
    expect(statuses).toEqual(Array(10).fill(200));

    const limited = await list(b);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/problem\+json/);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(limited.headers.get('ratelimit-limit')).toBe('10');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('ratelimit-reset'))).toBe(retryAfter);
    expect((await list(a)).status).toBe(429);

    // Authenticated ingest is counted per key, not per address; /health is never limited.
    expect((await report(a)).status).toBe(202);
    expect((await fetch(`${a}/health`)).status).toBe(200);
  });

  it('gives authenticated ingest one budget per key across processes, and failed authentication the address budget', async () => {
    const [a, b] = (await startApis(2, { RATE_LIMIT_PER_MINUTE: '3', KEY_RATE_LIMIT_INGEST: '4' })) as [string, string];
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await report(i % 2 === 0 ? a : b)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 429]);
    const limited = await report(a);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('ratelimit-limit')).toBe('4');

    const guesses: number[] = [];
    for (let i = 0; i < 4; i++)
      guesses.push((await report(i % 2 === 0 ? a : b, 'et_wrongwrongwrongwrongwrongwrongwrongwrong')).status);
    expect(guesses).toEqual([401, 401, 401, 429]);
  });

  it('believes X-Forwarded-For only with TRUST_PROXY', async () => {
    const [untrusting, trusting] = await Promise.all([
      startApis(1, { RATE_LIMIT_PER_MINUTE: '2' }),
      startApis(1, { RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: 'true', REDIS_PREFIX: `${sandbox.redisPrefix}:trusting` }),
    ]);
    const spoofed = (n: number) => ({ 'x-forwarded-for': `203.0.113.${n}` });
    const plain = await Promise.all([1, 2, 3].map(async (n) => (await list(untrusting[0]!, spoofed(n))).status));
    expect(plain).toEqual([200, 200, 429]);
    const proxied = [];
    for (const n of [1, 2, 3, 1, 1]) proxied.push((await list(trusting[0]!, spoofed(n))).status);
    expect(proxied).toEqual([200, 200, 200, 200, 429]);
  });

  it('is off with every budget 0', async () => {
    const off = {
      RATE_LIMIT_PER_MINUTE: '0',
      KEY_RATE_LIMIT_INGEST: '0',
      KEY_RATE_LIMIT_ANALYTICS: '0',
      KEY_RATE_LIMIT_DEFAULT: '0',
    };
    const [base] = (await startApis(1, off)) as [string];
    const statuses = await Promise.all(Array.from({ length: 150 }, async () => (await list(base)).status));
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect((await list(base)).headers.get('ratelimit-limit')).toBeNull();
  });
});
