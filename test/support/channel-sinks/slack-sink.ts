import { startHttpSink } from '../http-sink';
import { isObject, type JsonObject, parseObject, RequestChecks, show, type ServiceSink, serviceSink } from './request-checks';

export interface SlackSink extends ServiceSink {
  /** Bodies of the messages Slack accepted. */
  readonly messages: JsonObject[];
}

const PATH = '/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX';

/** Slack's incoming webhook: POST JSON with `text` and Block Kit `blocks` within their limits; 200 `ok`, else 400 `invalid_payload`. */
export async function startSlackSink(): Promise<SlackSink> {
  const problems: string[] = [];
  const sink = await startHttpSink((request, index) => {
    const checks = new RequestChecks(request, index);
    if (!checks.post(PATH)) return { status: 404, body: 'no_service' };
    checks.contentType('application/json');
    const body = parseObject(request.rawBody);
    if (checks.that(body !== undefined, 'body is not a JSON object')) checkMessage(checks, body as JsonObject);
    if (!checks.passed(problems)) return { status: 400, headers: { 'content-type': 'text/html' }, body: 'invalid_payload' };
    return { status: 200, headers: { 'content-type': 'text/html' }, body: 'ok' };
  });
  return serviceSink(sink, {
    target: `${sink.url}${PATH}`,
    problems,
    get messages() {
      return sink.accepted.map((request) => parseObject(request.rawBody) ?? {});
    },
  });
}

function checkMessage(checks: RequestChecks, body: JsonObject): void {
  checks.text(body.text, 'text', 40_000);
  if (!checks.list(body.blocks, 'blocks', 50, 1)) return;
  (body.blocks as unknown[]).forEach((block, i) => checkBlock(checks, block, `blocks[${i}]`));
}

function checkBlock(checks: RequestChecks, block: unknown, where: string): void {
  if (!checks.that(isObject(block), `${where} is not an object`)) return;
  const b = block as JsonObject;
  switch (b.type) {
    case 'header':
      checks.that(isObject(b.text) && b.text.type === 'plain_text', `${where}.text is not plain_text`);
      checks.text(isObject(b.text) ? b.text.text : undefined, `${where}.text.text`, 150);
      return;
    case 'section':
      checks.that(b.text !== undefined || b.fields !== undefined, `${where} has neither text nor fields`);
      if (b.text !== undefined) checkTextObject(checks, b.text, `${where}.text`, 3000);
      if (b.fields !== undefined && checks.list(b.fields, `${where}.fields`, 10, 1)) {
        (b.fields as unknown[]).forEach((field, i) => checkTextObject(checks, field, `${where}.fields[${i}]`, 2000));
      }
      return;
    case 'actions':
      if (!checks.list(b.elements, `${where}.elements`, 25, 1)) return;
      (b.elements as unknown[]).forEach((element, i) => {
        const at = `${where}.elements[${i}]`;
        if (!checks.that(isObject(element) && element.type === 'button', `${at} is not a button`)) return;
        const button = element as JsonObject;
        checks.text(isObject(button.text) ? button.text.text : undefined, `${at}.text.text`, 75);
        checks.that(typeof button.url === 'string' && button.url.length <= 3000, `${at}.url is missing or longer than 3000`);
        checks.httpUrl(button.url, `${at}.url`);
      });
      return;
    case 'context':
      if (checks.list(b.elements, `${where}.elements`, 10, 1)) {
        (b.elements as unknown[]).forEach((element, i) => checkTextObject(checks, element, `${where}.elements[${i}]`, 3000));
      }
      return;
    case 'divider':
      return;
    default:
      checks.that(false, `${where} has an unknown type ${show(b.type)}`);
  }
}

function checkTextObject(checks: RequestChecks, value: unknown, where: string, max: number): void {
  if (!checks.that(isObject(value), `${where} is not a text object`)) return;
  const text = value as JsonObject;
  checks.that(text.type === 'mrkdwn' || text.type === 'plain_text', `${where}.type is ${show(text.type)}`);
  checks.text(text.text, `${where}.text`, max);
}
