import type { IngestEvent } from '@error-tracker/contracts/ingest-job';
import { prepareEvent } from '../../services/ingest-worker/src/pipeline/prepare-event';
import { mapSentryEvent } from '../../services/api/src/sentry/map-event';

const receivedAt = new Date('2026-11-21T12:00:00.000Z');
const facts = { receivedAt, clientIp: '127.0.0.1', userAgent: 'sentry.test/1.0' };
const mask = { keys: ['password', 'token', 'authorization', 'cookie'], maskWith: '***' };
const map = (event: Record<string, unknown>): IngestEvent => mapSentryEvent(event, 'shop', facts, mask);
const group = (event: IngestEvent) => prepareEvent(event, 'line');

const frame = (file: string, lineno: number, fn: string, extra: Record<string, unknown> = {}) => ({
  abs_path: file,
  lineno,
  function: fn,
  ...extra,
});

describe('mapSentryEvent', () => {
  it('takes only real level names, and only storable timestamps', () => {
    expect(map({ message: 'm', level: 'constructor' }).level).toBe('error');
    expect(map({ message: 'm', level: 'WARNING' }).level).toBe('warning');
    expect(map({ message: 'm', timestamp: -62_198_755_200 }).timestamp).toBe(receivedAt.toISOString());
  });

  it('takes the last exception as the main one, frames innermost first, the chain in the traceback', () => {
    const event = map({
      platform: 'node',
      exception: {
        values: [
          { type: 'Error', value: 'socket hang up', stacktrace: { frames: [frame('/srv/db.js', 3, 'query')] } },
          {
            type: 'TypeError',
            value: 'no user',
            stacktrace: {
              frames: [frame('/srv/index.js', 1, 'main', { in_app: true }), frame('/srv/users.js', 9, 'load', { in_app: true })],
            },
          },
        ],
      },
    });
    expect(event).toMatchObject({ exception_type: 'TypeError', message: 'no user', level: 'error', source: 'backend' });
    expect(event.frames?.map((f) => `${f.function}@${f.file}:${f.line}`)).toEqual([
      'load@/srv/users.js:9',
      'main@/srv/index.js:1',
    ]);
    expect(event.traceback).toMatch(
      /^TypeError: no user\n {4}at load \(\/srv\/users\.js:9\)[\s\S]*while handling:\nError: socket hang up/,
    );
    expect(group(event).culprit).toBe('load (/srv/users.js:9)');
  });

  it("keeps the SDK's in_app when it tells frames apart, and judges by path when it marks every frame in-app", () => {
    const stdlib = frame('/usr/lib/python3.11/json/decoder.py', 355, 'raw_decode', { in_app: true });
    const flask = frame('/usr/lib/python3/dist-packages/flask/app.py', 1796, 'dispatch_request', { in_app: true });
    const app = frame('/srv/app/views.py', 12, 'import_rows', { in_app: true });
    const everyFrameInApp = map({
      platform: 'python',
      exception: { values: [{ type: 'JSONDecodeError', value: 'x', stacktrace: { frames: [flask, app, stdlib] } }] },
    });
    expect(everyFrameInApp.frames?.map((f) => f.in_app)).toEqual([false, true, false]);
    expect(group(everyFrameInApp).culprit).toBe('import_rows (/srv/app/views.py:12)');

    const decided = map({
      platform: 'python',
      exception: {
        values: [
          { type: 'E', value: 'x', stacktrace: { frames: [{ ...flask, in_app: false }, { ...app, in_app: false }, stdlib] } },
        ],
      },
    });
    expect(decided.frames?.map((f) => f.in_app)).toEqual([true, false, false]);
  });

  it('treats captureMessage with a synthetic exception as a message: grouped by text, located by its stack', () => {
    const synthetic = map({
      platform: 'node',
      level: 'warning',
      message: 'export finished with warnings',
      exception: {
        values: [
          {
            value: 'export finished with warnings',
            mechanism: { type: 'generic', synthetic: true },
            stacktrace: { frames: [frame('/srv/jobs.js', 21, 'main', { in_app: true })] },
          },
        ],
      },
    });
    const plain = map({ platform: 'python', message: 'export finished with warnings' });
    expect(synthetic).toMatchObject({ exception_type: 'Message', message: 'export finished with warnings', level: 'warning' });
    expect(group(synthetic).culprit).toBe('main (/srv/jobs.js:21)');
    expect(group(plain).culprit).toBeNull();
    expect(group(synthetic).fingerprint).toBe(group(plain).fingerprint);
    // a message posted to /api/errors without a trace groups with them
    expect(group({ ...plain, fingerprint: null, frames: null }).fingerprint).toBe(group(plain).fingerprint);
    // a real exception that happens to be synthetic-free keeps its type
    expect(
      map({ message: 'm', exception: { values: [{ type: 'Error', value: 'm', mechanism: { synthetic: true } }] } })
        .exception_type,
    ).toBe('Error');
  });

  it('fills logging templates for display and groups every filling together', () => {
    const ada = map({ platform: 'python', logentry: { message: 'reminder to %s bounced (%d%%)', params: ['ada', 3] } });
    const bob = map({ platform: 'python', logentry: { message: 'reminder to %s bounced (%d%%)', params: ['bob', 4] } });
    expect([ada.message, bob.message]).toEqual(['reminder to ada bounced (3%)', 'reminder to bob bounced (4%)']);
    expect(group(ada).fingerprint).toBe(group(bob).fingerprint);
    expect(map({ logentry: { formatted: 'shown', message: 'tmpl %s' } }).message).toBe('shown');
    expect(map({ message: { message: 'x %s', params: [{ a: 1 }] } }).message).toBe('x {"a":1}');
    expect(map({ message: { message: 'only %s and %s', params: ['one'] } }).message).toBe('only one and %s');
  });

  it('lets an SDK fingerprint decide the group', () => {
    const a = map({ fingerprint: ['checkout', 'card'], exception: { values: [{ type: 'A', value: 'x' }] } });
    const b = map({ fingerprint: ['checkout', 'card'], message: 'something else' });
    expect(a.fingerprint).toEqual(['checkout', 'card']);
    expect(b.fingerprint).toEqual(['checkout', 'card']);
    expect(group(a).fingerprint).toBe(group(b).fingerprint);
  });

  it('masks headers, the query string, and request bodies sent as objects, JSON text or form text', () => {
    const event = map({
      request: {
        url: 'https://shop.example/pay',
        query_string: 'token=abc&step=2',
        method: 'post',
        headers: [
          ['Authorization', 'Bearer abc'],
          ['Accept', '*/*'],
        ],
        data: { card: { password: 'p1' }, amount: 3 },
      },
    });
    expect(event).toMatchObject({
      request_url: 'https://shop.example/pay?token=***&step=2',
      request_method: 'POST',
      request_headers: { Authorization: '***', Accept: '*/*' },
      extra: { request_data: { card: { password: '***' }, amount: 3 } },
    });
    const data = (value: unknown) => map({ request: { url: 'https://x/', data: value } }).extra?.request_data;
    expect(data('{"password":"p2","n":1}')).toBe('{"password":"***","n":1}');
    expect(data('user=ada&password=p3')).toBe('user=ada&password=***');
    expect(data('plain words, nothing to parse')).toBe('plain words, nothing to parse');
    expect(map({ request: { url: 'https://x/', query_string: { token: 't', q: 'a b' } } }).request_url).toBe(
      'https://x/?token=***&q=a+b',
    );
    expect(map({ request: { url: 'https://x/', query_string: [['api_token', 't']] } }).request_url).toBe(
      'https://x/?api_token=***',
    );
  });

  it('reads timestamps as float seconds or ISO strings (no zone: UTC), else uses the time received', () => {
    const at = (timestamp: unknown) => map({ timestamp, message: 'm' }).timestamp;
    expect(at(1795260000.25)).toBe('2026-11-21T11:20:00.250Z');
    expect(at('1795260000.25')).toBe('2026-11-21T11:20:00.250Z');
    expect(at('2026-11-21T11:20:00.123456Z')).toBe('2026-11-21T11:20:00.123Z');
    expect(at('2026-11-21T11:20:00.123456')).toBe('2026-11-21T11:20:00.123Z');
    expect(at('2026-11-21T13:20:00+02:00')).toBe('2026-11-21T11:20:00.000Z');
    expect(at('2026-11-21T10:20:00.5-01:00')).toBe('2026-11-21T11:20:00.500Z');
    expect(at('yesterday')).toBe(receivedAt.toISOString());
    expect(at(undefined)).toBe(receivedAt.toISOString());
    expect(at(receivedAt.getTime() / 1000 + 3600)).toBe(receivedAt.toISOString());
  });

  it('keeps the dashed event id of a 32-hex Sentry id, and makes one up otherwise', () => {
    expect(map({ event_id: '9EC79C33EC9942AB8353589FCB2E04DC' }).event_id).toBe('9ec79c33-ec99-42ab-8353-589fcb2e04dc');
    expect(map({ event_id: 'nope' }).event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });
});
