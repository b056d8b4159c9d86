import { randomBytes } from 'node:crypto';
import { jsonAnswer, startHttpSink } from '../http-sink';
import { RequestChecks, type ServiceSink, serviceSink } from './request-checks';

export interface TwilioMessage {
  readonly to: string;
  readonly from: string;
  readonly body: string;
}

export interface TwilioSink extends ServiceSink {
  readonly messages: TwilioMessage[];
}

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * Twilio's Messages resource: POST /2010-04-01/Accounts/{sid}/Messages.json, HTTP basic auth
 * sid:token, form-encoded To (E.164), From and Body (1…1600 characters). 201 with the message,
 * 401 code 20003 for wrong credentials, 400 code 21211 for a bad To, 400 code 21617 for a long Body.
 */
export async function startTwilioSink(accountSid: string, authToken: string): Promise<TwilioSink> {
  const problems: string[] = [];
  const path = `/2010-04-01/Accounts/${accountSid}/Messages.json`;
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const sink = await startHttpSink((request, index) => {
    const checks = new RequestChecks(request, index);
    if (!checks.post(path)) return jsonAnswer(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
    if (!checks.that(request.headers.authorization === expectedAuth, 'basic auth is not account_sid:auth_token')) {
      checks.passed(problems);
      return jsonAnswer(401, { code: 20003, message: 'Authenticate', status: 401 });
    }
    checks.contentType('application/x-www-form-urlencoded');
    const form = new URLSearchParams(request.rawBody);
    const to = form.get('To') ?? '';
    const body = form.get('Body') ?? '';
    checks.that(form.get('From') !== null && form.get('From') !== '', 'From is missing');
    const goodTo = checks.that(E164.test(to), `To ${to} is not E.164`);
    const goodBody = checks.text(body, 'Body', 1600);
    checks.passed(problems);
    if (!goodTo)
      return jsonAnswer(400, { code: 21211, message: `The 'To' number ${to} is not a valid phone number.`, status: 400 });
    if (!goodBody)
      return jsonAnswer(400, {
        code: 21617,
        message: 'The concatenated message body exceeds the 1600 character limit.',
        status: 400,
      });
    return jsonAnswer(201, {
      sid: `SM${randomBytes(16).toString('hex')}`,
      account_sid: accountSid,
      to,
      from: form.get('From'),
      body,
      status: 'queued',
      num_segments: String(Math.ceil(body.length / 153)),
      api_version: '2010-04-01',
    });
  });
  return serviceSink(sink, {
    target: sink.url,
    problems,
    get messages() {
      return sink.accepted.map((request) => {
        const form = new URLSearchParams(request.rawBody);
        return { to: form.get('To') ?? '', from: form.get('From') ?? '', body: form.get('Body') ?? '' };
      });
    },
  });
}
