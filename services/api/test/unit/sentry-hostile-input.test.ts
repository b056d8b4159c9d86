import { DEPTH_LIMIT_MARKER } from '../../src/ingest/mask-secrets';
import { isRedisUnavailable } from '../../src/ingest/event-queue';
import { mapSentryEvent } from '../../src/sentry/map-event';
import { urlOf } from '../../src/sentry/request-data';

const facts = { receivedAt: new Date('2026-12-01T00:00:00.000Z'), clientIp: '127.0.0.1', userAgent: null };
const mask = { keys: ['password'], maskWith: '***' };
const map = (event: Record<string, unknown>) => mapSentryEvent(event, 'shop', facts, mask);

/** A value `depth` arrays deep, built from text as a client would send it (JSON.parse has no depth limit). */
const deepArray = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`);

describe('urlOf: query_string as SDKs send it, and as they do not', () => {
  it('appends a string, [name, value] pairs or an object', () => {
    expect(urlOf({ url: 'http://a/b', query_string: 'x=1' })).toBe('http://a/b?x=1');
    expect(
      urlOf({
        url: 'http://a/b',
        query_string: [
          ['x', '1'],
          ['y', 2],
        ],
      }),
    ).toBe('http://a/b?x=1&y=2');
    expect(urlOf({ url: 'http://a/b', query_string: { x: '1', y: true } })).toBe('http://a/b?x=1&y=true');
  });

  it('leaves out items that are not [name, value] pairs of plain values', () => {
    expect(urlOf({ url: 'http://a/b', query_string: [1] })).toBe('http://a/b');
    expect(urlOf({ url: 'http://a/b', query_string: [null, 'x', ['a'], ['a', 'b', 'c'], ['k', { v: 1 }], ['ok', 'yes']] })).toBe(
      'http://a/b?ok=yes',
    );
    expect(urlOf({ url: 'http://a/b', query_string: { x: { y: 1 }, z: [1] } })).toBe('http://a/b');
  });

  it('takes a query_string nested 10,000 deep without overflowing the stack', () => {
    expect(urlOf({ url: 'http://a/b', query_string: deepArray(10_000) })).toBe('http://a/b');
    expect(urlOf({ url: 'http://a/b', query_string: { q: deepArray(10_000) } })).toBe('http://a/b');
  });
});

describe('mapSentryEvent with hostile values', () => {
  it('keeps only string lines of a frame source context, within the JSON route limits', () => {
    const mapped = map({
      exception: {
        values: [
          {
            type: 'E',
            stacktrace: {
              frames: [
                {
                  filename: 'app.js',
                  lineno: 3,
                  context_line: 'throw e',
                  pre_context: [deepArray(10_000), 'a', 7, ...Array.from({ length: 60 }, (_, i) => `pre ${i}`)],
                  post_context: deepArray(10_000),
                },
              ],
            },
          },
        ],
      },
    });
    expect(mapped.source_context).toMatchObject({ file: 'app.js', line: 3, context_line: 'throw e', post_context: [] });
    const pre = (mapped.source_context as { pre_context: string[] }).pre_context;
    expect(pre).toHaveLength(50);
    expect(pre[49]).toBe('pre 59');
  });

  it('ignores a context_line that is not text', () => {
    const frames = [{ filename: 'app.js', context_line: deepArray(10_000) }];
    expect(map({ exception: { values: [{ type: 'E', stacktrace: { frames } }] } }).source_context).toBeNull();
  });

  it('fills a log template with a param nested 10,000 deep, cut at the depth limit', () => {
    const mapped = map({ logentry: { message: 'failed %s', params: [deepArray(10_000)] } });
    expect(mapped.message).toContain(DEPTH_LIMIT_MARKER);
  });

  it('cuts each SDK fingerprint part to the JSON route limit', () => {
    expect(map({ message: 'm', fingerprint: ['x'.repeat(5_000)] }).fingerprint).toEqual(['x'.repeat(1_000)]);
  });
});

describe('isRedisUnavailable', () => {
  it('is true for ioredis connection failures and Redis refusing writes for now', () => {
    for (const message of [
      'Command timed out',
      'Connection is closed.',
      "Stream isn't writeable and enableOfflineQueue options is false",
      'Reached the max retries per request limit (which is 1). Refer to "maxRetriesPerRequest" option for details.',
      'connect ECONNREFUSED 127.0.0.1:6379',
      "OOM command not allowed when used memory > 'maxmemory'.",
      'LOADING Redis is loading the dataset in memory',
      "READONLY You can't write against a read only replica.",
    ]) {
      expect([message, isRedisUnavailable(new Error(message))]).toEqual([message, true]);
    }
  });

  it('is false for a job that cannot be serialised or any other fault', () => {
    expect(isRedisUnavailable(new RangeError('Maximum call stack size exceeded'))).toBe(false);
    expect(isRedisUnavailable(new TypeError('Do not know how to serialize a BigInt'))).toBe(false);
    expect(isRedisUnavailable(new Error('ERR Error running script'))).toBe(false);
    expect(isRedisUnavailable('Command timed out')).toBe(false);
  });
});
