import { z } from 'zod';
import { errorEventSchema } from '../../src/ingest/event-schema';
import { parseInput } from '../../src/http/validate';

/** Bodies on either side of every rule of the ingest schema, plus shapes nobody should send. */
const BODIES: unknown[] = [
  { message: 'boom' },
  { message: '  ', exception_type: 'ValueError' },
  { message: '', traceback: ['a', 'b'] },
  { message: '' },
  { message: 'm', level: 'WARN' },
  { message: 'm', level: 'constructor' },
  { message: 'm', level: 3 },
  { message: 'm', timestamp: 1_767_225_600 },
  { message: 'm', timestamp: '2026-01-01T12:00:00Z' },
  { message: 'm', timestamp: 'yesterday' },
  { message: 'm', timestamp: 1e15 },
  { message: 'm', user_id: 42, request_id: 'r-1' },
  { message: 'm', user_id: { id: 1 } },
  { message: 'm', request_method: ' post ' },
  { message: 'm', request_method: 'ß'.repeat(9) },
  { message: 'm', request_method: '   ' },
  { message: 'm', project: '  shop  ', environment: 'x'.repeat(51) },
  { message: 'm', fingerprint: ['a', 'b'] },
  { message: 'm', fingerprint: [] },
  { message: 'm', fingerprint: Array.from({ length: 33 }, () => 'p') },
  { message: 'm', extra: { order: 1 }, request_headers: [] },
  { message: 'm', source_context: { file: 'a.py', lineno: 3, context_line: 'x', pre_context: ['a'] } },
  { message: 'm', source_context: { file: ' ', lineno: 0, context_line: 7 } },
  { message: 'x'.repeat(10_001), unknown_field: true },
  { message: 'm', traceback: ['ok', 3] },
  { message: 7, project: 8, stack_trace: null },
  [],
  'message',
  null,
];

const runtime = (body: unknown) => errorEventSchema.safeParse(body, { reportInput: true });

describe('schemas parsed through their compiled twin', () => {
  it('compiles the ingest schema whole, so every event takes the fast path', () => {
    expect(() => z.compile(errorEventSchema, { strict: true })).not.toThrow();
  });

  it.each(BODIES.map((body) => [JSON.stringify(body).slice(0, 80), body]))('answers %s as the runtime parser does', (_, body) => {
    const fast = parseInput(errorEventSchema, body);
    const slow = runtime(body);
    expect(fast.success).toBe(slow.success);
    if (fast.success && slow.success) expect(fast.data).toEqual(slow.data);
    else expect(fast.error?.issues).toEqual(slow.error?.issues);
  });
});
