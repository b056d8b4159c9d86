import {
  ChannelError,
  describeChannelFailure,
  isPermanentChannelFailure,
  isTransientStatus,
  parseRetryAfter,
  RETRY_AFTER_CAP_MS,
  retryDelayMs,
} from '../../../src/channels';

describe('failure classification', () => {
  it('retries 408, 429 and 5xx; gives up on other 4xx and on redirects', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) expect(isTransientStatus(status)).toBe(true);
    for (const status of [301, 302, 400, 401, 403, 404, 410, 413, 422]) expect(isTransientStatus(status)).toBe(false);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 10, 20, 9, 30, 0);
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 0.5 ', now)).toBe(500);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter(new Date(now - 30_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });

  it('gives up only on a permanent ChannelError; network errors and anything unexpected are retried', () => {
    expect(isPermanentChannelFailure(new ChannelError('slack', '400', { permanent: true, status: 400 }))).toBe(true);
    expect(isPermanentChannelFailure(new ChannelError('slack', '503', { permanent: false, status: 503 }))).toBe(false);
    expect(isPermanentChannelFailure(new TypeError('fetch failed'))).toBe(false);
    expect(isPermanentChannelFailure('weird')).toBe(false);
  });

  it('waits at least what Retry-After asked (capped), else the runtime backoff', () => {
    const limited = new ChannelError('discord', '429', { permanent: false, status: 429, retryAfterMs: 5_000 });
    expect(retryDelayMs(limited, 0, 10, 100)).toBe(5_000);
    const greedy = new ChannelError('discord', '429', { permanent: false, status: 429, retryAfterMs: 86_400_000 });
    expect(retryDelayMs(greedy, 0, 10, 100)).toBe(RETRY_AFTER_CAP_MS);
    const plain = new ChannelError('discord', '500', { permanent: false, status: 500 });
    const delay = retryDelayMs(plain, 3, 100, 60_000);
    expect(delay).toBeGreaterThanOrEqual(400);
    expect(delay).toBeLessThanOrEqual(800);
  });

  it('describes a failure with the channel name in front', () => {
    expect(describeChannelFailure(new ChannelError('teams', 'https://x answered 500', { permanent: false }))).toBe(
      'teams: https://x answered 500',
    );
    expect(describeChannelFailure(new Error('boom'))).toBe('boom');
  });
});
