import { jsonAnswer, startHttpSink } from '../http-sink';
import { isObject, type JsonObject, parseObject, RequestChecks, show, type ServiceSink, serviceSink } from './request-checks';

export interface TeamsSink extends ServiceSink {
  /** The Adaptive Cards of accepted messages. */
  readonly cards: JsonObject[];
}

const PATH = '/workflows/0a1b2c3d/triggers/manual/paths/invoke?api-version=1&sig=signature-abc';

/** A Teams workflow webhook: POST JSON `{type: "message", attachments: [Adaptive Card]}`; 202 Accepted, else 400. */
export async function startTeamsSink(): Promise<TeamsSink> {
  const problems: string[] = [];
  const sink = await startHttpSink((request, index) => {
    const checks = new RequestChecks(request, index);
    if (!checks.post(PATH)) return jsonAnswer(404, { error: { code: 'WorkflowNotFound' } });
    checks.contentType('application/json');
    const body = parseObject(request.rawBody);
    if (checks.that(body !== undefined, 'body is not a JSON object')) checkMessage(checks, body as JsonObject);
    if (!checks.passed(problems))
      return jsonAnswer(400, { error: { code: 'InvalidRequestContent', message: 'The input body is not valid' } });
    return { status: 202 };
  });
  return serviceSink(sink, {
    target: `${sink.url}${PATH}`,
    problems,
    get cards() {
      return sink.accepted.flatMap((request) => {
        const attachments = parseObject(request.rawBody)?.attachments;
        const first = Array.isArray(attachments) ? attachments[0] : undefined;
        return isObject(first) && isObject(first.content) ? [first.content] : [];
      });
    },
  });
}

function checkMessage(checks: RequestChecks, body: JsonObject): void {
  checks.that(body.type === 'message', `type is ${show(body.type)}, not message`);
  if (!checks.list(body.attachments, 'attachments', 10, 1)) return;
  (body.attachments as unknown[]).forEach((attachment, i) => {
    const where = `attachments[${i}]`;
    if (!checks.that(isObject(attachment), `${where} is not an object`)) return;
    const a = attachment as JsonObject;
    checks.that(a.contentType === 'application/vnd.microsoft.card.adaptive', `${where}.contentType is ${show(a.contentType)}`);
    if (!checks.that(isObject(a.content), `${where}.content is not an object`)) return;
    const card = a.content as JsonObject;
    checks.that(card.type === 'AdaptiveCard', `${where}.content.type is ${show(card.type)}`);
    checks.that(
      typeof card.version === 'string' && /^1\.[0-5]$/.test(card.version),
      `${where}.content.version ${show(card.version)} is not 1.0…1.5`,
    );
    checks.that(card.$schema === 'http://adaptivecards.io/schemas/adaptive-card.json', `${where}.content.$schema is missing`);
    if (checks.list(card.body, `${where}.content.body`, 100, 1)) {
      (card.body as unknown[]).forEach((element, j) =>
        checks.that(isObject(element) && typeof element.type === 'string', `${where}.content.body[${j}] has no type`),
      );
    }
    if (card.actions !== undefined && checks.list(card.actions, `${where}.content.actions`, 6)) {
      (card.actions as unknown[]).forEach((action, j) => {
        const at = `${where}.content.actions[${j}]`;
        checks.that(
          isObject(action) && action.type === 'Action.OpenUrl' && typeof action.title === 'string',
          `${at} is not an Action.OpenUrl with a title`,
        );
        checks.httpUrl(isObject(action) ? action.url : undefined, `${at}.url`);
      });
    }
  });
  checks.that(Buffer.byteLength(checks.request.rawBody) <= 28 * 1024, 'message is larger than 28 KB');
}
