import type { IngestEvent } from '@error-tracker/contracts/ingest-job';
import { ingestEvent } from '../../test/support/events';

/** A Python traceback whose grouping frame is app/module_<n>.py: one fingerprint per n. */
export function traceFor(n: number): string {
  return [
    'Traceback (most recent call last):',
    '  File "/srv/shop/.venv/lib/python3.12/site-packages/django/core/handlers/base.py", line 197, in _get_response',
    '    response = wrapped_callback(request, *callback_args, **callback_kwargs)',
    `  File "/srv/shop/app/module_${n}.py", line ${10 + (n % 50)}, in handle`,
    '    raise ValueError(f"invalid order {order_id}")',
    `ValueError: invalid order ${n}`,
  ].join('\n');
}

/** Fingerprint index of the i-th event: uniform over `groups`, or half of them on group 0. */
export function groupOf(i: number, groups: number, hot: boolean): number {
  if (hot && i % 2 === 0) return 0;
  return (i * 7919) % groups;
}

export function requestBody(i: number, groups: number, hot = false): string {
  return JSON.stringify({
    project: 'bench',
    environment: 'production',
    message: `invalid order ${i}`,
    traceback: traceFor(groupOf(i, groups, hot)),
    request_url: `/orders/${i}`,
    request_method: 'POST',
    request_headers: { 'user-agent': 'bench', authorization: 'Bearer secret' },
    user_id: `user-${i % 1000}`,
    extra: { order_id: i, password: 'hunter2' },
  });
}

/** The i-th event as the API queues it, for the worker's drain. */
export function queuedEvent(i: number, groups: number, hot: boolean): IngestEvent {
  return ingestEvent({
    user_agent: 'bench',
    project: 'bench',
    message: `invalid order ${i}`,
    exception_type: null,
    traceback: traceFor(groupOf(i, groups, hot)),
    request_url: `/orders/${i}`,
    request_method: 'POST',
    request_headers: { 'user-agent': 'bench' },
    user_id: `user-${i % 1000}`,
    extra: { order_id: i },
  });
}
