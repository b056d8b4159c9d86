import { ingestEvent } from '../../../../test/support/events';
import { cutJson, cutText } from '../../src/ingest/cut-json';
import { FIELD_BUDGETS, fitEvent, MAX_EVENT_JOB_BYTES } from '../../src/ingest/event-budget';
import { DEPTH_LIMIT_MARKER } from '../../src/ingest/mask-secrets';

const event = ingestEvent;

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

const serialisedLength = (value: unknown) => JSON.stringify(value).length;

describe('cutText', () => {
  it('keeps text within the limit as it is', () => {
    expect(cutText('abc', 3)).toBe('abc');
  });

  it('keeps the beginning and the end of longer text, with a marker saying how much went', () => {
    const text = `HEAD${'x'.repeat(100_000)}TAIL`;
    const cut = cutText(text, 1_000);
    expect(cut.length).toBeLessThanOrEqual(1_000);
    expect(cut.startsWith('HEAD')).toBe(true);
    expect(cut.endsWith('TAIL')).toBe(true);
    expect(cut).toMatch(/\n… \[\d+ characters cut\]\n/);
  });
});

describe('cutJson', () => {
  it('keeps JSON within the budget as sent', () => {
    const value = { a: [1, 'two', { three: true }], b: null };
    expect(cutJson(value, 1_000)).toEqual(value);
  });

  it('cuts long strings and entries past the budget, with markers', () => {
    const value = { first: 'x'.repeat(5_000), second: 'y', list: Array.from({ length: 1_000 }, (_, i) => i) };
    const cut = cutJson(value, 2_000) as Record<string, unknown>;
    expect(serialisedLength(cut)).toBeLessThan(2_200);
    expect(cut.first).toMatch(/… \[\d+ characters cut\]$/);
    expect(cut['…']).toBe('[2 more keys cut]');
  });

  it('replaces nesting past the depth limit by the marker, at any depth sent', () => {
    const cut = JSON.stringify(cutJson(nested(10_000), 100_000));
    expect(cut).toContain(DEPTH_LIMIT_MARKER);
    expect(cut.length).toBeLessThan(1_000);
  });

  it('keeps "__proto__" and "constructor" keys as data', () => {
    const value = JSON.parse('{"__proto__": {"x": 1}, "constructor": "c"}') as Record<string, unknown>;
    const cut = cutJson(value, 1_000) as Record<string, unknown>;
    expect(Object.getPrototypeOf(cut)).toBe(Object.prototype);
    expect(JSON.stringify(cut)).toBe('{"__proto__":{"x":1},"constructor":"c"}');
  });
});

describe('fitEvent', () => {
  it('leaves an ordinary event untouched (the same object), with its serialised length', () => {
    const ordinary = event({ traceback: 'Traceback…', extra: { order: 42 } });
    const fitted = fitEvent(ordinary);
    expect(fitted.event).toBe(ordinary);
    expect(fitted.chars).toBe(JSON.stringify(ordinary).length);
  });

  it('cuts each free-text or context field to its budget, with a marker', () => {
    const { event: fitted, chars } = fitEvent(
      event({
        traceback: 'x'.repeat(1_000_000),
        extra: { blob: 'y'.repeat(1_000_000) },
        request_headers: { cookie: 'z'.repeat(100_000) },
        source_context: { file: 'a.py', lineno: 1, context_line: 'c'.repeat(100_000) },
      }),
    );
    expect(fitted.traceback?.length).toBeLessThanOrEqual(FIELD_BUDGETS.traceback);
    expect(fitted.traceback).toContain('characters cut]');
    expect(serialisedLength(fitted.extra)).toBeLessThanOrEqual(FIELD_BUDGETS.extra + 100);
    expect(serialisedLength(fitted.request_headers)).toBeLessThanOrEqual(FIELD_BUDGETS.request_headers + 100);
    expect(serialisedLength(fitted.source_context)).toBeLessThanOrEqual(FIELD_BUDGETS.source_context + 100);
    expect(Buffer.byteLength(JSON.stringify(fitted))).toBeLessThan(MAX_EVENT_JOB_BYTES);
    expect(chars).toBe(JSON.stringify(fitted).length);
  });

  it('cuts nesting JSON.stringify itself cannot serialise (10,000 levels) instead of failing', () => {
    const fitted = fitEvent(event({ extra: { deep: nested(10_000) }, source_context: nested(10_000) })).event;
    expect(JSON.stringify(fitted)).toContain(DEPTH_LIMIT_MARKER);
  });

  it('keeps frames as frames: long names cut, the outermost dropped past the budget', () => {
    const frames = Array.from({ length: 250 }, (_, i) => ({
      file: `/srv/${'d'.repeat(5_000)}/${i}.js`,
      line: i,
      column: null,
      function: 'f'.repeat(5_000),
      in_app: true,
    }));
    const fitted = fitEvent(event({ frames })).event;
    expect(fitted.frames?.length).toBeGreaterThan(0);
    expect(fitted.frames?.length).toBeLessThan(250);
    expect(fitted.frames?.[0]).toMatchObject({ line: 0, in_app: true });
    expect(fitted.frames?.every((frame) => frame.file.length <= 1_000 && (frame.function?.length ?? 0) <= 1_000)).toBe(true);
    expect(serialisedLength(fitted.frames)).toBeLessThanOrEqual(FIELD_BUDGETS.frames + 1_000);
  });

  it('refuses with 413 an event that escapes past the byte limit even once cut', () => {
    const control = '\u0001'.repeat(9_000);
    const huge = event({
      message: control,
      traceback: control.repeat(8),
      extra: { a: control.repeat(8) },
      fingerprint: Array.from({ length: 32 }, () => control.slice(0, 1_000)),
      frames: Array.from({ length: 250 }, () => ({
        file: control.slice(0, 1_000),
        line: 1,
        column: null,
        function: null,
        in_app: true,
      })),
      source_context: { context_line: control.repeat(4) },
      request_headers: { h: control.repeat(2) },
    });
    expect(() => fitEvent(huge)).toThrow(expect.objectContaining({ problem: expect.objectContaining({ status: 413 }) }) as Error);
  });
});
