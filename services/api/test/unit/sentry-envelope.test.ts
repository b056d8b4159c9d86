import { HttpProblem } from '../../src/http/problem';
import { parseEnvelope } from '../../src/sentry/envelope';

const text = (items: ReturnType<typeof parseEnvelope>['items']) =>
  items.map((item) => [item.type, item.payload.toString('utf8')]);

function statusOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof HttpProblem ? error.problem.status : -1;
  }
  return undefined;
}

describe('parseEnvelope', () => {
  it('reads items with and without length, the last one without a trailing newline', () => {
    const envelope = parseEnvelope(
      Buffer.from(
        [
          '{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","sent_at":"2026-11-21T10:00:00Z"}',
          '{"type":"event","length":15}',
          '{"message":"a"}',
          '{"type":"session"}',
          '{"sid":"s","status":"ok"}',
          '{"type":"client_report"}',
          '{"discarded_events":[]}',
        ].join('\n'),
      ),
    );
    expect(envelope.header.event_id).toBe('9ec79c33ec9942ab8353589fcb2e04dc');
    expect(text(envelope.items)).toEqual([
      ['event', '{"message":"a"}'],
      ['session', '{"sid":"s","status":"ok"}'],
      ['client_report', '{"discarded_events":[]}'],
    ]);
  });

  it('takes exactly `length` bytes, newlines and binary included', () => {
    const binary = Buffer.from([0x00, 0x0a, 0xff, 0x0a, 0x7b]);
    const envelope = parseEnvelope(
      Buffer.concat([
        Buffer.from(`{}\n{"type":"attachment","length":${binary.length},"filename":"core.bin"}\n`),
        binary,
        Buffer.from('\n{"type":"event"}\n{"message":"after the attachment"}\n'),
      ]),
    );
    expect(envelope.items.map((item) => item.type)).toEqual(['attachment', 'event']);
    expect(envelope.items[0]!.payload.equals(binary)).toBe(true);
    expect(envelope.items[1]!.payload.toString()).toBe('{"message":"after the attachment"}');
  });

  it('reads an empty payload with length 0 and an envelope with no items', () => {
    expect(text(parseEnvelope(Buffer.from('{}\n{"type":"attachment","length":0}\n\n')).items)).toEqual([['attachment', '']]);
    expect(parseEnvelope(Buffer.from('{}\n')).items).toEqual([]);
    expect(parseEnvelope(Buffer.from('{}')).items).toEqual([]);
  });

  it('answers 400 for a bad header, a bad item header, or an item shorter than its length', () => {
    expect(statusOf(() => parseEnvelope(Buffer.from('not json\n{"type":"event"}\n{}')))).toBe(400);
    expect(statusOf(() => parseEnvelope(Buffer.from('[]\n')))).toBe(400);
    expect(statusOf(() => parseEnvelope(Buffer.from('{}\nnope\n{}')))).toBe(400);
    expect(statusOf(() => parseEnvelope(Buffer.from('{}\n{"type":"event","length":100}\n{}')))).toBe(400);
    expect(statusOf(() => parseEnvelope(Buffer.alloc(0)))).toBe(400);
  });
});
