import { randomUUID } from 'node:crypto';
import { encodeNewErrorMessage } from '@error-tracker/contracts/new-error-message';
import { newErrorsStreamKey } from '@error-tracker/contracts/redis-keys';
import { type ApiHarness, startApiHarness } from '../../../../test/support/api-harness';
import { useSandbox } from '../../../../test/support/sandbox';
import { TEST_API_KEY } from '../../../../test/support/test-config';
import { waitFor } from '../../../../test/support/wait-for';

const sandbox = useSandbox();
let api: ApiHarness;
let replica: ApiHarness;

beforeAll(async () => {
  api = await startApiHarness(sandbox);
  replica = await startApiHarness(sandbox);
});

/** What the worker's outbox publisher writes; answers the stream id. */
async function publish(errorId: number, kind: 'new' | 'regression'): Promise<string> {
  const fields = encodeNewErrorMessage({ outbox_id: errorId, error_id: errorId, event_id: randomUUID(), kind });
  return String(await sandbox.redis.xadd(newErrorsStreamKey(sandbox.redisPrefix), '*', ...fields));
}

interface Received {
  readonly id: string;
  readonly event: string;
  readonly data: { id: number; kind: string };
}

/** Opens GET /api/events and collects its events as they come. */
async function listen(base: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${base}/api/events`, {
    headers: { 'x-api-key': TEST_API_KEY, ...headers },
    signal: controller.signal,
  });
  const events: Received[] = [];
  let text = '';
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      text += value;
      const blocks = text.split('\n\n');
      text = blocks.pop() ?? '';
      for (const block of blocks) {
        const field = (name: string) =>
          block
            .split('\n')
            .find((line) => line.startsWith(`${name}: `))
            ?.slice(name.length + 2);
        const data = field('data');
        if (data !== undefined)
          events.push({ id: field('id') ?? '', event: field('event') ?? '', data: JSON.parse(data) as Received['data'] });
      }
    }
  })();
  return { response, events, close: () => controller.abort() };
}

const received = (events: readonly Received[], count: number) =>
  waitFor(`${count} events`, () => Promise.resolve(events.length >= count ? events : undefined), { timeoutMs: 10_000 });

describe('GET /api/events', () => {
  it('streams created and regressed groups to every replica as they are published', async () => {
    const first = await listen(api.base);
    const second = await listen(replica.base);
    expect(first.response.status).toBe(200);
    expect(first.response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(first.response.headers.get('cache-control')).toBe('no-cache, no-transform');
    // The reader starts from the stream's end once the first listener arrives.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const created = await publish(101, 'new');
    const regressed = await publish(102, 'regression');
    for (const stream of [first, second]) {
      expect(await received(stream.events, 2)).toEqual([
        { id: created, event: 'created', data: { id: 101, event_id: expect.any(String), kind: 'created' } },
        { id: regressed, event: 'regressed', data: { id: 102, event_id: expect.any(String), kind: 'regressed' } },
      ]);
    }
    first.close();
    second.close();
  });

  it('sends what a reconnecting client missed after its Last-Event-ID first, then live ones, in order, once', async () => {
    const seen = await publish(201, 'new');
    const missed = [await publish(202, 'new'), await publish(203, 'regression')];
    const stream = await listen(api.base, { 'last-event-id': seen });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const live = await publish(204, 'new');
    const events = await received(stream.events, 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events.map((event) => event.id)).toEqual([...missed, live]);
    stream.close();
  });

  it('ignores a Last-Event-ID that is no stream id and streams live entries', async () => {
    const stream = await listen(api.base, { 'last-event-id': '../../etc%00' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const live = await publish(301, 'new');
    expect((await received(stream.events, 1)).map((event) => event.id)).toEqual([live]);
    stream.close();
  });

  it('needs a key that can read', async () => {
    expect((await fetch(`${api.base}/api/events`)).status).toBe(401);
  });
});
