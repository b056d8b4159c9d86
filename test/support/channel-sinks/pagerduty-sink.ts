import { jsonAnswer, startHttpSink } from '../http-sink';
import { isObject, type JsonObject, parseObject, RequestChecks, show, type ServiceSink, serviceSink } from './request-checks';

export interface PagerDutySink extends ServiceSink {
  /** Accepted events, in order. */
  readonly events: JsonObject[];
  /** dedup_key → the trigger event of each alert that is open (triggered and not yet resolved). */
  readonly openAlerts: ReadonlyMap<string, JsonObject>;
}

const SEVERITIES = ['critical', 'error', 'warning', 'info'];

/**
 * PagerDuty's Events API v2: POST /v2/enqueue, JSON with the integration's routing_key, an
 * event_action, a dedup_key of at most 255 characters and, to trigger, a payload (summary ≤ 1024,
 * source, severity, timestamp). 202 `Event processed`, else 400 `invalid event`. Alerts open on
 * trigger and close on resolve of the same dedup_key.
 */
export async function startPagerDutySink(routingKey: string): Promise<PagerDutySink> {
  const problems: string[] = [];
  const sink = await startHttpSink((request, index) => {
    const checks = new RequestChecks(request, index);
    if (!checks.post('/v2/enqueue')) return jsonAnswer(404, { status: 'not found' });
    checks.contentType('application/json');
    const body = parseObject(request.rawBody);
    if (checks.that(body !== undefined, 'body is not a JSON object')) checkEvent(checks, body as JsonObject, routingKey);
    if (!checks.passed(problems)) {
      return jsonAnswer(400, { status: 'invalid event', message: 'Event object is invalid', errors: checks.problems });
    }
    return jsonAnswer(202, { status: 'success', message: 'Event processed', dedup_key: (body as JsonObject).dedup_key });
  });
  return serviceSink(sink, {
    target: sink.url,
    problems,
    get events() {
      return sink.accepted.map((request) => parseObject(request.rawBody) ?? {});
    },
    get openAlerts() {
      const open = new Map<string, JsonObject>();
      for (const request of sink.accepted) {
        const event = parseObject(request.rawBody) ?? {};
        const key = typeof event.dedup_key === 'string' ? event.dedup_key : '';
        if (event.event_action === 'trigger') open.set(key, event);
        if (event.event_action === 'resolve') open.delete(key);
      }
      return open;
    },
  });
}

function checkEvent(checks: RequestChecks, event: JsonObject, routingKey: string): void {
  checks.that(event.routing_key === routingKey, 'routing_key is not the integration key');
  checks.that(
    typeof event.event_action === 'string' && ['trigger', 'acknowledge', 'resolve'].includes(event.event_action),
    `event_action ${show(event.event_action)}`,
  );
  checks.text(event.dedup_key, 'dedup_key', 255);
  if (event.event_action !== 'trigger') return;
  if (!checks.that(isObject(event.payload), 'a trigger has no payload')) return;
  const payload = event.payload as JsonObject;
  checks.text(payload.summary, 'payload.summary', 1024);
  checks.text(payload.source, 'payload.source', 255);
  checks.that(
    typeof payload.severity === 'string' && SEVERITIES.includes(payload.severity),
    `payload.severity ${show(payload.severity)}`,
  );
  if (payload.timestamp !== undefined) {
    checks.that(
      typeof payload.timestamp === 'string' && !Number.isNaN(Date.parse(payload.timestamp)),
      'payload.timestamp is not ISO 8601',
    );
  }
  if (payload.custom_details !== undefined)
    checks.that(isObject(payload.custom_details), 'payload.custom_details is not an object');
  if (event.links !== undefined && checks.list(event.links, 'links', 50)) {
    (event.links as unknown[]).forEach((link, i) => checks.httpUrl(isObject(link) ? link.href : undefined, `links[${i}].href`));
  }
}
