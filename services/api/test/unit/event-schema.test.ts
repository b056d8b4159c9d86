import { LIMITS, parseErrorEvent } from '../../src/ingest/event-schema';
import { buildIngestEvent } from '../../src/ingest/build-event';

const mask = { keys: ['password', 'secret', 'token', 'authorization', 'cookie', 'api_key'], maskWith: '[masked]' };
const facts = { receivedAt: new Date('2026-05-01T12:00:00Z'), clientIp: '10.0.0.1', userAgent: 'curl' };

function fieldsOf(body: unknown): string[] {
  const result = parseErrorEvent(body);
  if (result.ok) throw new Error('expected the body to be rejected');
  return result.errors.map((error) => error.field);
}

function build(body: unknown) {
  const result = parseErrorEvent(body);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return buildIngestEvent(result.event, facts, mask);
}

describe('POST /api/errors body', () => {
  it('applies defaults', () => {
    const event = build({ message: 'boom' });
    expect(event).toMatchObject({
      project: 'default',
      environment: 'production',
      level: 'error',
      source: 'backend',
      exception_type: null,
      traceback: null,
      timestamp: '2026-05-01T12:00:00.000Z',
      received_at: '2026-05-01T12:00:00.000Z',
      client_ip: '10.0.0.1',
    });
    expect(event.event_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts the aliases: stack_trace, backtrace arrays, url, context', () => {
    expect(build({ message: 'm', stack_trace: 'Error: m\n    at f (/a.js:1:2)' }).traceback).toBe(
      'Error: m\n    at f (/a.js:1:2)',
    );
    expect(build({ message: 'm', backtrace: ['app.rb:3:in `x`', 'app.rb:9:in `y`'] }).traceback).toBe(
      'app.rb:3:in `x`\napp.rb:9:in `y`',
    );
    expect(build({ message: 'm', traceback: ['line 1', 'line 2'] }).traceback).toBe('line 1\nline 2');
    const event = build({ message: 'm', url: '/a?b=1', context: { order: 7 } });
    expect(event.request_url).toBe('/a?b=1');
    expect(event.extra).toEqual({ order: 7 });
  });

  it('accepts the MiniAPM fields: exception_class, params and request_id kept with extra, masked', () => {
    const event = build({
      exception_class: 'ActiveRecord::RecordNotFound',
      message: 'm',
      params: { id: '999', password: 'hunter2' },
      request_id: 'abc-123',
      extra: { order: 7 },
    });
    expect(event.exception_type).toBe('ActiveRecord::RecordNotFound');
    expect(event.extra).toEqual({ order: 7, params: { id: '999', password: '[masked]' }, request_id: 'abc-123' });
    expect(build({ message: 'm', request_id: 42 }).extra).toEqual({ request_id: '42' });
    expect(build({ message: 'm', exception_type: 'A', exception_class: 'B' }).exception_type).toBe('A');
    expect(build({ message: '', exception_class: 'KeyError' }).message).toBe('');
  });

  it('takes source_context as file, lineno, context_line and the lines around it', () => {
    const source_context = { file: 'app/a.rb', lineno: 4, pre_context: ['a'], context_line: 'b', post_context: [] };
    expect(build({ message: 'm', source_context }).source_context).toEqual(source_context);
    expect(fieldsOf({ message: 'm', source_context: 'x' })).toEqual(['source_context']);
    expect(fieldsOf({ message: 'm', source_context: { file: '', lineno: 0, pre_context: 'a' } }).sort()).toEqual(
      ['source_context.context_line', 'source_context.file', 'source_context.lineno', 'source_context.pre_context'].sort(),
    );
  });

  it('enforces the source_context limits', () => {
    const lines = (n: number, width = 1) => Array.from({ length: n }, () => 'x'.repeat(width));
    const context = (over: object) => ({ message: 'm', source_context: { file: 'a.rb', lineno: 1, context_line: 'x', ...over } });
    expect(parseErrorEvent(context({ pre_context: lines(LIMITS.sourceLines, LIMITS.sourceLine) })).ok).toBe(true);
    expect(fieldsOf(context({ pre_context: lines(LIMITS.sourceLines + 1) }))).toEqual(['source_context.pre_context']);
    expect(fieldsOf(context({ post_context: lines(1, LIMITS.sourceLine + 1) }))).toEqual(['source_context.post_context.0']);
    expect(fieldsOf(context({ context_line: 'x'.repeat(LIMITS.sourceLine + 1) }))).toEqual(['source_context.context_line']);
    expect(fieldsOf(context({ file: 'x'.repeat(LIMITS.sourceFile + 1) }))).toEqual(['source_context.file']);
    expect(fieldsOf(context({ lineno: 1.5 }))).toEqual(['source_context.lineno']);
  });

  it('masks secrets in headers, extra, context and the URL before enqueueing', () => {
    const event = build({
      message: 'm',
      request_url: '/login?password=hunter2',
      request_headers: { Authorization: 'Bearer x', Accept: 'text/html', Cookie: 'sid=1' },
      extra: { db: { password: 'p', host: 'h' }, api_key: 'k' },
    });
    expect(event.request_headers).toEqual({ Authorization: '[masked]', Accept: 'text/html', Cookie: '[masked]' });
    expect(event.extra).toEqual({ db: { password: '[masked]', host: 'h' }, api_key: '[masked]' });
    expect(event.request_url).toBe('/login?password=%5Bmasked%5D');
    expect(JSON.stringify(event)).not.toMatch(/hunter2|Bearer x|sid=1/);
  });

  it('normalises levels and methods', () => {
    expect(build({ message: 'm', level: 'WARN' }).level).toBe('warning');
    expect(build({ message: 'm', level: 'critical' }).level).toBe('fatal');
    expect(build({ message: 'm', request_method: 'post' }).request_method).toBe('POST');
  });

  it('keeps a client timestamp, but not one from the future', () => {
    expect(build({ message: 'm', timestamp: '2026-04-30T08:00:00+02:00' }).timestamp).toBe('2026-04-30T06:00:00.000Z');
    expect(build({ message: 'm', timestamp: 1_777_000_000 }).timestamp).toBe('2026-04-24T03:06:40.000Z');
    expect(build({ message: 'm', timestamp: '2030-01-01T00:00:00Z' }).timestamp).toBe('2026-05-01T12:00:00.000Z');
  });

  it('accepts a client fingerprint string or array', () => {
    expect(build({ message: 'm', fingerprint: 'checkout-timeout' }).fingerprint).toBe('checkout-timeout');
    expect(build({ message: 'm', fingerprint: ['{{ default }}', 'db'] }).fingerprint).toEqual(['{{ default }}', 'db']);
  });

  it('lists every bad field at once', () => {
    expect(
      fieldsOf({
        message: 42,
        project: '',
        level: 'loud',
        request_headers: 'x',
        extra: [1],
        timestamp: 'yesterday',
        traceback: [1, 2],
        fingerprint: [],
        params: 'x',
        request_id: {},
        exception_class: '',
      }).sort(),
    ).toEqual(
      [
        'exception_class',
        'extra',
        'fingerprint',
        'level',
        'message',
        'params',
        'project',
        'request_headers',
        'request_id',
        'timestamp',
        'traceback',
      ].sort(),
    );
  });

  it('refuses what PostgreSQL could not store or the enum does not know', () => {
    expect(fieldsOf({ message: 'm', timestamp: '0000-01-01T00:00:00Z' })).toEqual(['timestamp']);
    expect(fieldsOf({ message: 'm', timestamp: -62_198_755_200 })).toEqual(['timestamp']);
    expect(fieldsOf({ message: 'm', request_method: 'ß'.repeat(16) })).toEqual(['request_method']);
    for (const level of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(fieldsOf({ message: 'm', level })).toEqual(['level']);
    }
  });

  it('requires message, and says so', () => {
    const result = parseErrorEvent({ project: 'p' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors).toEqual([{ field: 'message', message: 'is required' }]);
  });

  it('rejects a body that is not an object', () => {
    for (const body of [null, [], 'text', 7]) expect(fieldsOf(body)).toEqual(['(body)']);
  });

  it('allows an empty message only with a type or a trace', () => {
    expect(fieldsOf({ message: '  ' })).toEqual(['message']);
    expect(build({ message: '', exception_type: 'KeyError' }).message).toBe('');
  });

  it.each([
    ['message', LIMITS.message],
    ['project', LIMITS.project],
    ['environment', LIMITS.environment],
    ['exception_type', LIMITS.exceptionType],
    ['exception_class', LIMITS.exceptionType],
    ['request_id', LIMITS.requestId],
    ['source', LIMITS.source],
    ['release', LIMITS.release],
    ['user_id', LIMITS.userId],
    ['request_method', LIMITS.requestMethod],
    ['request_url', LIMITS.requestUrl],
  ])('enforces the %s limit of %i characters', (field, limit) => {
    const base = { message: 'm' };
    expect(parseErrorEvent({ ...base, [field]: 'x'.repeat(limit) }).ok).toBe(true);
    expect(fieldsOf({ ...base, [field]: 'x'.repeat(limit + 1) })).toEqual([field]);
  });
});
