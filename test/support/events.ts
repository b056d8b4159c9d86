import { newEventId } from '@error-tracker/contracts/event-id';
import type { IngestEvent } from '@error-tracker/contracts/ingest-job';

/** A queued event as the API would build it, for tests that feed the worker directly. */
export function ingestEvent(overrides: Partial<IngestEvent> = {}): IngestEvent {
  const now = new Date().toISOString();
  return {
    event_id: newEventId(),
    received_at: now,
    client_ip: '127.0.0.1',
    user_agent: 'jest',
    project: 'test-project',
    environment: 'production',
    message: 'something broke',
    exception_type: 'ValueError',
    traceback: null,
    level: 'error',
    source: 'backend',
    timestamp: now,
    release: null,
    request_url: null,
    request_method: null,
    request_headers: null,
    user_id: null,
    extra: null,
    source_context: null,
    fingerprint: null,
    ...overrides,
  };
}

/** A real-shaped Python traceback whose innermost in-app frame is app/<file>.py:<line>. */
export function pythonTrace(file: string, line: number, type = 'ValueError', message = 'bad value'): string {
  return [
    'Traceback (most recent call last):',
    '  File "/srv/app/main.py", line 10, in <module>',
    '    run()',
    `  File "/srv/app/${file}.py", line ${line}, in run`,
    '    raise ValueError(message)',
    `${type}: ${message}`,
  ].join('\n');
}
