import { apiPort } from '../support/processes';
import { useSandbox } from '../support/sandbox';
import { TEST_API_KEY } from '../support/test-config';

const sandbox = useSandbox({ per: 'test' });

async function startApis(count: number, overrides: Record<string, string>): Promise<string[]> {
  const started = Array.from({ length: count }, () => sandbox.start('api', overrides));
  return Promise.all(started.map(async (api) => `http://127.0.0.1:${await apiPort(api)}`));
}

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

    // Ingest shares the budget too, and /health is never limited.
    const post = await fetch(`${a}/api/errors`, {
      method: 'POST',
      headers: { 'x-api-key': TEST_API_KEY, 'content-type': 'application/json' },
      body: '{"message":"m"}',
    });
    expect(post.status).toBe(429);
    expect((await fetch(`${a}/health`)).status).toBe(200);
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

  it('is off with RATE_LIMIT_PER_MINUTE=0', async () => {
    const [base] = (await startApis(1, { RATE_LIMIT_PER_MINUTE: '0' })) as [string];
    const statuses = await Promise.all(Array.from({ length: 150 }, async () => (await list(base)).status));
    expect(new Set(statuses)).toEqual(new Set([200]));
    expect((await list(base)).headers.get('ratelimit-limit')).toBeNull();
  });
});
