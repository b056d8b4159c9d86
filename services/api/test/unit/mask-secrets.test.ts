import { DEPTH_LIMIT_MARKER, MAX_MASK_DEPTH, maskSecrets, maskUrl } from '../../src/ingest/mask-secrets';

const options = { keys: ['password', 'secret', 'token', 'authorization', 'cookie', 'api_key'], maskWith: '***' };

describe('maskSecrets', () => {
  it('answers each fragment list on its own, and stays right past the keys it remembers', () => {
    const other = { keys: ['order'], maskWith: '###' };
    expect(maskSecrets({ order_id: 1, token: 2 }, options)).toEqual({ order_id: 1, token: '***' });
    expect(maskSecrets({ order_id: 1, token: 2 }, other)).toEqual({ order_id: '###', token: 2 });
    const flood: Record<string, unknown> = Object.fromEntries(
      Array.from({ length: 10_000 }, (_, i) => [i % 2 ? `token_${i}` : `plain_${i}`, i]),
    );
    const masked = maskSecrets(flood, options);
    expect(Object.entries(masked).filter(([, value]) => value === '***')).toHaveLength(5_000);
    expect(masked.plain_9998).toBe(9998);
    expect(masked.token_9999).toBe('***');
  });

  it('masks any key whose lower-cased name contains a masked fragment, at any depth', () => {
    const masked = maskSecrets(
      {
        Authorization: 'Bearer abc',
        'X-Api_Key': 'k',
        user: { name: 'ann', PasswordHash: 'h', nested: [{ refresh_token: 't' }, { ok: 1 }] },
        Cookie: { session: 'x' },
        note: 'password is not a key here',
      },
      options,
    );
    expect(masked).toEqual({
      Authorization: '***',
      'X-Api_Key': '***',
      user: { name: 'ann', PasswordHash: '***', nested: [{ refresh_token: '***' }, { ok: 1 }] },
      Cookie: '***',
      note: 'password is not a key here',
    });
  });

  it('keeps a "__proto__" key as data', () => {
    const input = JSON.parse('{"__proto__": {"password": "p", "x": 1}}') as Record<string, unknown>;
    const masked = maskSecrets(input, options);
    expect(JSON.parse(JSON.stringify(masked))).toEqual(JSON.parse('{"__proto__": {"password": "***", "x": 1}}'));
    expect(Object.getPrototypeOf(masked)).toBe(Object.prototype);
  });

  it('does not change its input', () => {
    const input = { password: 'p' };
    maskSecrets(input, options);
    expect(input.password).toBe('p');
  });

  it('cuts nesting deeper than the limit instead of overflowing the stack', () => {
    let deep: Record<string, unknown> = { password: 'leaf' };
    for (let i = 0; i < 10_000; i++) deep = { child: deep };
    let node: unknown = maskSecrets(deep, options);
    for (let i = 0; i < MAX_MASK_DEPTH; i++) node = (node as { child: unknown }).child;
    expect(node).toBe(DEPTH_LIMIT_MARKER);
  });
});

describe('maskUrl', () => {
  it('masks secret query parameters and keeps the rest', () => {
    expect(maskUrl('/login?user=ann&password=hunter2&next=%2Fhome#top', options)).toBe(
      '/login?user=ann&password=***&next=%2Fhome#top',
    );
    expect(maskUrl('https://x.test/cb?access_token=abc', options)).toBe('https://x.test/cb?access_token=***');
    expect(maskUrl('/plain/path', options)).toBe('/plain/path');
  });
});
