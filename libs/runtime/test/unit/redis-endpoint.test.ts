import { parseRedisUrl } from '@error-tracker/runtime/config/redis-endpoint';

describe('parseRedisUrl', () => {
  it('takes redis:// and rediss:// as one Redis', () => {
    expect(parseRedisUrl('redis://127.0.0.1:6379')).toEqual({ kind: 'single', url: 'redis://127.0.0.1:6379' });
    expect(parseRedisUrl('rediss://user:pw@cache.example.com:6380/2').kind).toBe('single');
  });

  it('takes redis+cluster:// as the seed nodes of a cluster, with credentials and TLS', () => {
    expect(parseRedisUrl('redis+cluster://10.0.0.1:7000,10.0.0.2:7001, node-3.example.com:7002')).toEqual({
      kind: 'cluster',
      nodes: [
        { host: '10.0.0.1', port: 7000 },
        { host: '10.0.0.2', port: 7001 },
        { host: 'node-3.example.com', port: 7002 },
      ],
      username: undefined,
      password: undefined,
      tls: false,
    });
    expect(parseRedisUrl('rediss+cluster://app:p%40ss:word@[::1]:7000')).toEqual({
      kind: 'cluster',
      nodes: [{ host: '::1', port: 7000 }],
      username: 'app',
      password: 'p@ss:word',
      tls: true,
    });
    expect(parseRedisUrl('redis+cluster://:secret@h:7000')).toMatchObject({ username: undefined, password: 'secret' });
  });

  it('says what is wrong with anything else', () => {
    expect(() => parseRedisUrl('http://localhost')).toThrow(/must start with redis:\/\//);
    expect(() => parseRedisUrl('not a url')).toThrow(/must be a URL/);
    expect(() => parseRedisUrl('redis+cluster://')).toThrow(/at least one host:port/);
    expect(() => parseRedisUrl('redis+cluster://a:7000,b')).toThrow(/"b" is not host:port/);
    expect(() => parseRedisUrl('redis+cluster://a:70000')).toThrow(/not host:port/);
  });
});
