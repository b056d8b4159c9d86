import { createHmac, timingSafeEqual } from 'node:crypto';
import { startHttpSink } from '../http-sink';
import { type JsonObject, parseObject, RequestChecks, type ServiceSink, serviceSink } from './request-checks';

export interface SignedWebhookSink extends ServiceSink {
  /** Bodies of the deliveries whose signature was right. */
  readonly deliveries: JsonObject[];
}

const PATH = '/hooks/error-tracker';
const TOLERANCE_SECONDS = 300;

/**
 * A receiver as docs/alert-channels.md tells one to be: POST JSON, X-Error-Tracker-Timestamp within
 * 5 minutes of its clock, X-Error-Tracker-Signature `sha256=` + hex HMAC-SHA256(secret,
 * "<timestamp>.<raw body>") recomputed here. 200, or 401 when the signature or timestamp is wrong.
 */
export async function startSignedWebhookSink(secret: string): Promise<SignedWebhookSink> {
  const problems: string[] = [];
  const sink = await startHttpSink((request, index) => {
    const checks = new RequestChecks(request, index);
    if (!checks.post(PATH)) return { status: 404 };
    checks.contentType('application/json');
    checks.that(parseObject(request.rawBody) !== undefined, 'body is not a JSON object');
    const timestamp = String(request.headers['x-error-tracker-timestamp'] ?? '');
    const signature = String(request.headers['x-error-tracker-signature'] ?? '');
    const fresh = /^\d+$/.test(timestamp) && Math.abs(Date.now() / 1000 - Number(timestamp)) <= TOLERANCE_SECONDS;
    checks.that(fresh, `timestamp ${timestamp || '(none)'} is not within ${TOLERANCE_SECONDS} s`);
    const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.rawBody}`).digest('hex')}`;
    const signed = signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
    checks.that(signed, 'signature does not match the body');
    if (!checks.passed(problems)) return { status: fresh && signed ? 400 : 401 };
    return { status: 200, body: 'ok' };
  });
  return serviceSink(sink, {
    target: `${sink.url}${PATH}`,
    problems,
    get deliveries() {
      return sink.accepted.map((request) => parseObject(request.rawBody) ?? {});
    },
  });
}
