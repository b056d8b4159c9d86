import type { IngestEvent } from '@error-tracker/contracts/ingest-job';
import { ingestEvent } from '../../../../test/support/events';
import type { PreparedEvent } from '../../src/pipeline/batch-types';
import { coalesceByFingerprint, counterRows, minuteRows } from '../../src/storage/batch-rows';

function prepared(at: string, overrides: Partial<IngestEvent> = {}): PreparedEvent {
  const event = ingestEvent({ timestamp: at, received_at: at, ...overrides });
  return {
    event,
    fingerprint: 'f'.repeat(64),
    exceptionType: 'ValueError',
    message: event.message,
    culprit: null,
    timestampMs: Date.parse(at),
  };
}

describe('the count rows of a batch', () => {
  const events = [
    prepared('2026-12-01T10:59:59.999Z'),
    prepared('2026-12-01T10:00:00.000Z'),
    prepared('2026-12-01T11:00:00.000Z'),
    prepared('2026-12-01T11:00:30.000Z', { level: 'warning' }),
    prepared('2026-12-01T11:00:59.000Z'),
    prepared('2026-12-01T11:00:59.000Z', { project: 'other' }),
  ];

  it('counts per hour and level, each hour written once as an ISO instant', () => {
    const [group] = coalesceByFingerprint(events);
    const rows = counterRows(group!, 7);
    expect(rows).toEqual(
      expect.arrayContaining([
        { error_id: 7, hour: '2026-12-01T10:00:00.000Z', level: 'error', n: 2 },
        { error_id: 7, hour: '2026-12-01T11:00:00.000Z', level: 'error', n: 3 },
        { error_id: 7, hour: '2026-12-01T11:00:00.000Z', level: 'warning', n: 1 },
      ]),
    );
    expect(rows).toHaveLength(3);
  });

  it('counts per minute received, project, environment and level', () => {
    const rows = minuteRows(events);
    const row = (minute: string, project: string, level: string, n: number) => ({
      minute,
      project,
      environment: 'production',
      level,
      n,
    });
    expect(rows).toEqual(
      expect.arrayContaining([
        row('2026-12-01T10:59:00.000Z', 'test-project', 'error', 1),
        row('2026-12-01T10:00:00.000Z', 'test-project', 'error', 1),
        row('2026-12-01T11:00:00.000Z', 'test-project', 'error', 2),
        row('2026-12-01T11:00:00.000Z', 'test-project', 'warning', 1),
        row('2026-12-01T11:00:00.000Z', 'other', 'error', 1),
      ]),
    );
    expect(rows).toHaveLength(5);
  });
});
