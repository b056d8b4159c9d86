import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { HitCounter } from '../../src/http/rate-limit';
import { useSandbox } from '../../../../test/support/sandbox';
import { TEST_API_KEY } from '../../../../test/support/test-config';
import { waitFor } from '../../../../test/support/wait-for';

const sandbox = useSandbox();
let api: ApiHarness;

beforeAll(async () => {
  api = sandbox.stopAfter(await startApiHarness(sandbox, { keyRateLimits: { ingest: 10 } }));
});

const report = () =>
  fetch(`${api.base}/api/errors`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
    body: JSON.stringify({ message: 'charged', exception_type: 'RateError' }),
  });

describe('a budget charged by many requests at once (one Redis round trip per turn of the event loop)', () => {
  it('accepts exactly the budget, each accepted request seeing its own place in it', async () => {
    const answers = await Promise.all(Array.from({ length: 30 }, () => report()));
    const accepted = answers.filter((answer) => answer.status === 202);
    const refused = answers.filter((answer) => answer.status === 429);
    expect(accepted).toHaveLength(10);
    expect(refused).toHaveLength(20);
    const remaining = accepted.map((answer) => Number(answer.headers.get('ratelimit-remaining'))).sort((a, b) => a - b);
    expect(remaining).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const answer of refused) {
      expect(answer.headers.get('ratelimit-remaining')).toBe('0');
      expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
    }
  });
});

describe('HitCounter', () => {
  it('counts the hits of one turn in one round trip, each hit getting the count serial INCRs would give', async () => {
    const counter = new HitCounter(sandbox.redis, `${sandbox.redisPrefix}:counter`);
    const commands: string[] = [];
    const monitor = await sandbox.redis.monitor();
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === 'eval' && args[3]?.includes(':counter:')) commands.push(`${args[3]} ${args[5]}`);
    });
    try {
      const first = await Promise.all([counter.hit('a'), counter.hit('a'), counter.hit('b'), counter.hit('a')]);
      expect(first.map((hit) => hit.count)).toEqual([1, 2, 1, 3]);
      const second = await Promise.all([counter.hit('a'), counter.hit('a')]);
      expect(second.map((hit) => hit.count)).toEqual([4, 5]);
      for (const hit of [...first, ...second]) expect(hit.msLeft).toBeGreaterThan(50_000);
      const prefix = `${sandbox.redisPrefix}:counter:ratelimit:`;
      await waitFor('the monitor to see three calls', () => Promise.resolve(commands.length >= 3 || undefined));
      expect(commands).toEqual([`${prefix}a 3`, `${prefix}b 1`, `${prefix}a 2`]);
    } finally {
      monitor.disconnect();
    }
  });
});
