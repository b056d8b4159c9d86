import { createHash } from 'node:crypto';
import { computeFingerprint } from '@error-tracker/grouping/compute-fingerprint';
import { normaliseMessage } from '@error-tracker/grouping/fingerprint/normalise-message';
import { namedFunction } from '@error-tracker/grouping/fingerprint/grouping-frame';
import type { FingerprintInput } from '@error-tracker/grouping/compute-fingerprint';
import { parseTrace } from '@error-tracker/grouping/parse-trace';
import type { StackFrame } from '@error-tracker/grouping/trace/types';
import { loadCorpus } from './corpus';

const md5 = (s: string): string => createHash('md5').update(s).digest('hex');

function fp(input: Partial<FingerprintInput> & { frames: readonly StackFrame[] }): string {
  return computeFingerprint({ project: 'shop', exceptionType: 'Error', message: '', ...input }).fingerprint;
}

function fromTrace(trace: string, extra: Partial<FingerprintInput> = {}): ReturnType<typeof computeFingerprint> {
  const parsed = parseTrace(trace);
  return computeFingerprint({
    project: 'shop',
    exceptionType: parsed.exceptionType ?? '',
    message: parsed.message ?? '',
    frames: parsed.frames,
    ...extra,
  });
}

const pythonTrace = (message: string, line = 12): string => `Traceback (most recent call last):
  File "/srv/shop/app.py", line 40, in <module>
    main()
  File "/srv/shop/orders.py", line ${line}, in load_order
    return db.get(order_id)
  File "/srv/shop/.venv/lib/python3.12/site-packages/sqlalchemy/orm/session.py", line 3100, in get
    raise NoResultFound(message)
sqlalchemy.exc.NoResultFound: ${message}`;

describe('the fingerprint rule (docs/grouping.md)', () => {
  it('is MD5 of project:type:file:line of the innermost in-app frame', () => {
    const r = fromTrace(pythonTrace('No row was found'));
    expect(r.fingerprint).toBe(md5('shop:sqlalchemy.exc.NoResultFound:/srv/shop/orders.py:12'));
    expect(r.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(r.culprit).toBe('load_order (/srv/shop/orders.py:12)');
  });

  it('falls back to the innermost frame when no frame is in-app', () => {
    const frames = [
      { file: '/app/node_modules/pg/lib/client.js', line: 9, column: 3, function: 'Client.query', in_app: false },
      { file: 'node:internal/process/task_queues', line: 95, column: 5, function: null, in_app: false },
    ];
    expect(fp({ frames })).toBe(md5('shop:Error:/app/node_modules/pg/lib/client.js:9'));
  });

  it('groups the same bug whatever ids, numbers, hex or UUIDs its messages carry', () => {
    const messages = [
      'No row for order 18812 (user 7f3c2a9e-1b2d-4c5e-8f90-1a2b3c4d5e6f) at 0x7ffe3a2c',
      'No row for order 2 (user 00000000-0000-4000-8000-000000000000) at 0x10',
      'something else entirely',
    ];
    const fingerprints = messages.map((m) => fromTrace(pythonTrace(m)).fingerprint);
    expect(new Set(fingerprints).size).toBe(1);
  });

  it('does not group one exception type raised from two different lines', () => {
    expect(fromTrace(pythonTrace('x', 12)).fingerprint).not.toBe(fromTrace(pythonTrace('x', 13)).fingerprint);
  });

  it('does not group two exception types raised from one line', () => {
    const frames = [{ file: '/app/a.js', line: 3, column: 1, function: 'f', in_app: true }];
    expect(fp({ frames, exceptionType: 'TypeError' })).not.toBe(fp({ frames, exceptionType: 'RangeError' }));
  });

  it('uses 1:<column> as the line of a minified bundle', () => {
    const at = (column: number): StackFrame[] => [
      { file: '/static/js/main.3f9a2c1b.js', line: 1, column, function: 't', in_app: true },
    ];
    expect(fp({ frames: at(148) })).toBe(md5('shop:Error:/static/js/main.3f9a2c1b.js:1:148'));
    expect(fp({ frames: at(148) })).not.toBe(fp({ frames: at(9021) }));
    expect(computeFingerprint({ project: 'shop', exceptionType: 'Error', message: '', frames: at(148) }).culprit).toBe(
      't (/static/js/main.3f9a2c1b.js:1:148)',
    );
  });

  it('groups one bundle served from two origins (captured in Chromium and Firefox)', () => {
    const corpus = loadCorpus();
    for (const engine of ['chromium', 'firefox']) {
      const a = corpus.find((e) => e.name === `${engine}-minified-bundle`);
      const b = corpus.find((e) => e.name === `${engine}-minified-bundle-other-origin`);
      expect(a && b).toBeTruthy();
      const fa = fromTrace(a?.trace as string, { exceptionType: 'Error' });
      const fb = fromTrace(b?.trace as string, { exceptionType: 'Error' });
      expect(fa.fingerprint).toBe(fb.fingerprint);
      expect(fa.culprit).toBe('t (/static/js/main.3f9a2c1b.js:1:148)');
    }
  });

  it('lets a client fingerprint override everything', () => {
    const frames = parseTrace(pythonTrace('x')).frames;
    const base = { project: 'shop', exceptionType: 'E', message: 'm', frames };
    expect(computeFingerprint({ ...base, clientFingerprint: 'checkout-timeout' }).fingerprint).toBe(md5('shop:checkout-timeout'));
    expect(computeFingerprint({ ...base, clientFingerprint: ['checkout', 'timeout'] }).fingerprint).toBe(
      md5('shop:checkout:timeout'),
    );
    // the culprit still says where it happened
    expect(computeFingerprint({ ...base, clientFingerprint: 'x' }).culprit).toBe('load_order (/srv/shop/orders.py:12)');
    // empty means none given
    expect(computeFingerprint({ ...base, clientFingerprint: [] }).fingerprint).toBe(computeFingerprint(base).fingerprint);
    expect(computeFingerprint({ ...base, clientFingerprint: '' }).fingerprint).toBe(computeFingerprint(base).fingerprint);
    expect(computeFingerprint({ ...base, clientFingerprint: null }).fingerprint).toBe(computeFingerprint(base).fingerprint);
  });

  it('expands {{ default }} in a client fingerprint to the default key', () => {
    const frames = parseTrace(pythonTrace('x')).frames;
    const base = { project: 'shop', exceptionType: 'E', message: 'm', frames };
    const plain = computeFingerprint(base).fingerprint;
    expect(computeFingerprint({ ...base, clientFingerprint: ['{{ default }}'] }).fingerprint).toBe(plain);
    expect(computeFingerprint({ ...base, clientFingerprint: '{{default}}' }).fingerprint).toBe(plain);
    expect(computeFingerprint({ ...base, clientFingerprint: ['{{ default }}', 'tenant-42'] }).fingerprint).toBe(
      md5('shop:E:/srv/shop/orders.py:12:tenant-42'),
    );
  });

  it('falls back to the normalised message for frameless errors', () => {
    const a = computeFingerprint({
      project: 'shop',
      exceptionType: 'Timeout',
      message: 'job 1182 timed out after 30.5s',
      frames: [],
    });
    const b = computeFingerprint({ project: 'shop', exceptionType: 'Timeout', message: 'job 7 timed out after 2s', frames: [] });
    const c = computeFingerprint({ project: 'shop', exceptionType: 'Timeout', message: 'queue is full', frames: [] });
    expect(a.fingerprint).toBe(md5('shop:Timeout:job <n> timed out after <n>s'));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.fingerprint).not.toBe(c.fingerprint);
    expect(a.culprit).toBeNull();
  });

  it('also falls back for an unknown trace format', () => {
    const parsed = parseTrace('something went wrong: code 17');
    const r = computeFingerprint({ project: 'p', exceptionType: 'Error', message: 'code 17 failed', frames: parsed.frames });
    expect(r.fingerprint).toBe(md5('p:Error:code <n> failed'));
  });

  it('normalises files of frames given directly by a client', () => {
    const frames = [{ file: 'https://a.example.com/js/app.js?v=1', line: 5, column: 2, function: null, in_app: true }];
    const other = [{ file: 'https://b.example.com/js/app.js#main', line: 5, column: 9, function: null, in_app: true }];
    expect(fp({ frames })).toBe(fp({ frames: other }));
    expect(computeFingerprint({ project: 'shop', exceptionType: 'E', message: '', frames }).culprit).toBe('/js/app.js:5');
  });

  it('skips the Error subclass constructor SpiderMonkey and JSC record', () => {
    const trace =
      'ValidationError: bad\nValidationError@https://x.io/app.js:17:5\nvalidateForm@https://x.io/app.js:23:26\nsubmit@https://x.io/app.js:40:3';
    expect(fromTrace(trace).culprit).toBe('validateForm (/app.js:23)');
  });
});

describe('culprits of older engines, React Native and Ruby’s label forms', () => {
  const corpus = loadCorpus();
  const culpritOf = (name: string): string | null => {
    const entry = corpus.find((e) => e.name === name);
    if (entry === undefined) throw new Error(`no corpus entry ${name}`);
    return fromTrace(Array.isArray(entry.trace) ? entry.trace.join('\n') : entry.trace).culprit;
  };

  it.each([
    ['written-miniapm-backtrace', 'save (app/models/user.rb:42)'],
    ['ruby-rescue-in-with-cause', 'rescue in load_config (/tmp/tracecorpus/ruby/rescue-in-with-cause/app.rb:6)'],
    ['ruby-block-in-class-body', 'block in <class:Settings> (/tmp/tracecorpus/ruby/block-in-class-body/app.rb:4)'],
    ['written-ruby-34-rescue-with-cause', 'rescue in Importer#run (/srv/shop/app/services/importer.rb:14)'],
    ['written-firefox-3-arguments', '/js/cart.js:44'],
    ['written-firefox-7-file-with-header', 'cartTotal (C:/shop/js/cart.js:18)'],
    ['written-opera-12-stack', 'checkout (/js/cart.js:42)'],
    ['written-opera-12-stacktrace', 'checkout (/js/cart.js:42)'],
    ['written-opera-10-backtrace', 'checkout (/js/cart.js:42)'],
    ['written-ie11', 'Anonymous function (/static/js/cart.js:31)'],
    ['written-ie10-eval', 'runPromo (/static/js/promo.js:58)'],
    ['written-edge-18', 'initMenu (/assets/app.4d1c2b.js:1:20417)'],
    ['hermes-native-innermost-bytecode', expect.stringMatching(/^loadSettings \(index\.android\.bundle:1:\d+\)$/)],
    ['hermes-async-rejection', '?anon_0_?anon_0_loadProfile (/tmp/tracecorpus/hermes/async-rejection/app.js:7)'],
    ['written-react-native-ios-release', '?anon_0_ (Shop.app/main.jsbundle:1:884213)'],
    ['written-react-native-metro-dev', 'CartRow (/index.bundle:118841)'],
  ])('%s → %s', (name, culprit) => {
    expect(culpritOf(name)).toEqual(culprit);
  });

  it('groups one React Native release bug across iOS installs, and one dev build across platforms', () => {
    const ios = (uuid: string): string =>
      `Error: x\n    at pay (address at /private/var/containers/Bundle/Application/${uuid}/Shop.app/main.jsbundle:1:884213)`;
    expect(fromTrace(ios('6B1E4F0A-3C2D-4E5F-9A8B-7C6D5E4F3A2B')).fingerprint).toBe(
      fromTrace(ios('0D9C8B7A-6F5E-4D3C-2B1A-0F9E8D7C6B5A')).fingerprint,
    );
    const metro = (platform: string): string =>
      `Error: x\n    at pay (http://localhost:8081/index.bundle//&platform=${platform}&dev=true:120:7)`;
    expect(fromTrace(metro('ios')).fingerprint).toBe(fromTrace(metro('android')).fingerprint);
  });

  it('old Gecko: the frame that threw, not the last one printed, decides the group', () => {
    const at = (line: number): string => `()@https://x.io/js/cart.js:${line}\n@https://x.io/js/app.js:24\n`;
    expect(fromTrace(at(44)).fingerprint).not.toBe(fromTrace(at(45)).fingerprint);
  });
});

describe('GROUPING_STRATEGY=function', () => {
  const v1 = `TypeError: Cannot read properties of undefined (reading 'price')
    at lineTotal (/srv/shop/src/cart.js:14:22)
    at Array.map (<anonymous>)
    at cartTotal (/srv/shop/src/cart.js:20:18)`;
  // the same bug after a deploy that added 3 lines above it
  const v2 = v1.replace('cart.js:14:22', 'cart.js:17:22').replace('cart.js:20:18', 'cart.js:23:18');

  it('keeps the same bug in one group when lines shift above it; the default splits it', () => {
    expect(fromTrace(v1, { strategy: 'function' }).fingerprint).toBe(fromTrace(v2, { strategy: 'function' }).fingerprint);
    expect(fromTrace(v1).fingerprint).not.toBe(fromTrace(v2).fingerprint);
    expect(fromTrace(v1, { strategy: 'line' }).fingerprint).toBe(fromTrace(v1).fingerprint);
    expect(fromTrace(v1, { strategy: 'function' }).fingerprint).toBe(md5('shop:TypeError:/srv/shop/src/cart.js:lineTotal'));
  });

  it('works the same for Python', () => {
    expect(fromTrace(pythonTrace('x', 12), { strategy: 'function' }).fingerprint).toBe(
      fromTrace(pythonTrace('x', 30), { strategy: 'function' }).fingerprint,
    );
  });

  it('still tells apart two functions of one file', () => {
    const other = v1.replace('at lineTotal (', 'at taxTotal (');
    expect(fromTrace(v1, { strategy: 'function' }).fingerprint).not.toBe(fromTrace(other, { strategy: 'function' }).fingerprint);
  });

  it.each(['    at /srv/shop/src/cart.js:14:22', '    at Object.<anonymous> (/srv/shop/src/cart.js:14:22)'])(
    'falls back to file:line for anonymous code: %s',
    (frameLine) => {
      const a = `TypeError: x\n${frameLine}`;
      const b = a.replace(':14:22', ':17:22');
      expect(fromTrace(a, { strategy: 'function' }).fingerprint).toBe(md5('shop:TypeError:/srv/shop/src/cart.js:14'));
      expect(fromTrace(a, { strategy: 'function' }).fingerprint).not.toBe(fromTrace(b, { strategy: 'function' }).fingerprint);
    },
  );

  it.each(['<module>', '<lambda>', '<listcomp>'])('treats Python %s as anonymous', (fn) => {
    const t = `Traceback (most recent call last):\n  File "/app/x.py", line 3, in ${fn}\nValueError: x`;
    expect(fromTrace(t, { strategy: 'function' }).fingerprint).toBe(md5('shop:ValueError:/app/x.py:3'));
  });

  it('drops V8’s call-site alias', () => {
    const a = 'Error: x\n    at Layer.handle [as handle_request] (/app/r.js:5:1)';
    const b = 'Error: x\n    at Layer.handle [as handle_error] (/app/r.js:9:1)';
    expect(fromTrace(a, { strategy: 'function' }).fingerprint).toBe(fromTrace(b, { strategy: 'function' }).fingerprint);
  });
});

describe('normaliseMessage', () => {
  it.each([
    ['user 12345 not found', 'user <n> not found'],
    ['took 3.25s', 'took <n>s'],
    ['id 3f2504e0-4f89-11d3-9a0c-0305e82c3301 gone', 'id <uuid> gone'],
    ['ID 3F2504E0-4F89-11D3-9A0C-0305E82C3301 gone', 'ID <uuid> gone'],
    ['segfault at 0x7ffee3b2a9c0', 'segfault at <hex>'],
    ['object 507f1f77bcf86cd799439011 missing', 'object <hex> missing'],
    ['commit deadbeefcafe1234', 'commit <hex>'],
    ['  spaced \n\t out  ', 'spaced out'],
    ['decoded facade words stay', 'decoded facade words stay'],
  ])('%p → %p', (input, expected) => {
    expect(normaliseMessage(input)).toBe(expected);
  });

  it('is bounded', () => {
    expect(normaliseMessage('x'.repeat(100_000)).length).toBeLessThanOrEqual(1024);
  });
});

describe('function names that say nothing (GROUPING_STRATEGY=function)', () => {
  it.each([
    ['Anonymous function', null],
    ['Global code', null],
    ['global', null],
    ['?anon_0_', null],
    ['?anon_0_?anon_0_loadProfile', 'loadProfile'],
    ['loadProfile', 'loadProfile'],
  ])('%s → %s', (fn, named) => {
    expect(namedFunction({ file: 'app.js', line: 1, column: 1, function: fn, in_app: true })).toBe(named);
  });
});
