import { startHttpSink, jsonAnswer } from '../http-sink';
import { isObject, type JsonObject, parseObject, RequestChecks, type ServiceSink, serviceSink } from './request-checks';

export interface DiscordSink extends ServiceSink {
  readonly messages: JsonObject[];
}

const PATH = '/api/webhooks/112233445566778899/webhook-token-abc';

/** Discord's execute-webhook: POST JSON with content and/or embeds within Discord's limits; 204, else 400 "Invalid Form Body". */
export async function startDiscordSink(): Promise<DiscordSink> {
  const problems: string[] = [];
  const sink = await startHttpSink((request, index) => {
    const checks = new RequestChecks(request, index);
    if (!checks.post(PATH)) return jsonAnswer(404, { message: 'Unknown Webhook', code: 10015 });
    checks.contentType('application/json');
    const body = parseObject(request.rawBody);
    if (checks.that(body !== undefined, 'body is not a JSON object')) checkMessage(checks, body as JsonObject);
    if (!checks.passed(problems)) return jsonAnswer(400, { message: 'Invalid Form Body', code: 50035 });
    return { status: 204 };
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
  checks.that(body.content !== undefined || body.embeds !== undefined, 'neither content nor embeds');
  if (body.content !== undefined) checks.text(body.content, 'content', 2000);
  if (body.embeds === undefined || !checks.list(body.embeds, 'embeds', 10)) return;
  let total = 0;
  (body.embeds as unknown[]).forEach((embed, i) => {
    if (checks.that(isObject(embed), `embeds[${i}] is not an object`))
      total += checkEmbed(checks, embed as JsonObject, `embeds[${i}]`);
  });
  checks.that(total <= 6000, `embeds hold ${total} characters (at most 6000)`);
}

/** Checks one embed; answers the characters it counts towards the 6000 limit. */
function checkEmbed(checks: RequestChecks, embed: JsonObject, where: string): number {
  const lengths: number[] = [];
  const measure = (value: unknown, at: string, max: number) => {
    if (checks.text(value, at, max)) lengths.push(value.length);
  };
  if (embed.title !== undefined) measure(embed.title, `${where}.title`, 256);
  if (embed.description !== undefined) measure(embed.description, `${where}.description`, 4096);
  if (embed.url !== undefined) checks.httpUrl(embed.url, `${where}.url`);
  if (embed.color !== undefined)
    checks.that(
      Number.isInteger(embed.color) && (embed.color as number) >= 0 && (embed.color as number) <= 0xffffff,
      `${where}.color is not a 24-bit integer`,
    );
  if (embed.timestamp !== undefined)
    checks.that(
      typeof embed.timestamp === 'string' && !Number.isNaN(Date.parse(embed.timestamp)),
      `${where}.timestamp is not ISO 8601`,
    );
  if (embed.footer !== undefined) measure(isObject(embed.footer) ? embed.footer.text : undefined, `${where}.footer.text`, 2048);
  if (embed.fields !== undefined && checks.list(embed.fields, `${where}.fields`, 25)) {
    (embed.fields as unknown[]).forEach((field, i) => {
      const f = isObject(field) ? field : {};
      measure(f.name, `${where}.fields[${i}].name`, 256);
      measure(f.value, `${where}.fields[${i}].value`, 1024);
    });
  }
  return lengths.reduce((sum, length) => sum + length, 0);
}
