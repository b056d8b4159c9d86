import { ChannelError, createChannel, isPermanentChannelFailure, retryDelayMs } from '../../../src/channels';
import { FIRING, HOSTILE } from '../../support/alert-messages';
import { HTTP_CHANNELS, useSinks } from './channel-cases';

/** These sinks are on loopback: the tests allow private addresses explicitly (destination-guard.test.ts covers refusal). */
const DEPS = { allowPrivate: true, timeoutMs: 2_000 };

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the send to fail');
    },
    (error: unknown) => {
      if (!(error instanceof ChannelError)) throw error;
      return error;
    },
  );

describe.each(HTTP_CHANNELS)('$name channel over HTTP', (channelCase) => {
  const track = useSinks();

  it('delivers a message, and one at every limit, exactly as the service documents', async () => {
    const sink = track(await channelCase.start());
    const channel = createChannel(channelCase.name, channelCase.config(sink.target), DEPS);
    await channel.send(FIRING);
    await channel.send(HOSTILE);
    expect(sink.problems).toEqual([]);
    expect(sink.accepted).toHaveLength(2);
  });

  it('says what fired, the count, the window and the project, and links the group', async () => {
    const sink = track(await channelCase.start());
    await createChannel(channelCase.name, channelCase.config(sink.target), DEPS).send(FIRING);
    const [request] = sink.accepted;
    const received =
      channelCase.name === 'sms' ? (new URLSearchParams(request?.rawBody).get('Body') ?? '') : (request?.rawBody ?? '');
    for (const expected of ['High error rate', '73 errors', '5m', 'shop', FIRING.groupUrl ?? ''])
      expect([expected, received.includes(expected)]).toEqual([expected, true]);
  });

  it('retries a 500: the first attempt fails transiently, the next one is accepted', async () => {
    const sink = track(await channelCase.start());
    const channel = createChannel(channelCase.name, channelCase.config(sink.target), DEPS);
    sink.failNext(1, { status: 500, body: 'upstream broke' });
    const error = await failure(channel.send(FIRING));
    expect(error).toMatchObject({ channel: channelCase.name, permanent: false, status: 500 });
    expect(error.message).toContain('answered 500: upstream broke');
    await channel.send(FIRING);
    expect(sink.requests).toHaveLength(2);
    expect(sink.accepted).toHaveLength(1);
    expect(sink.problems).toEqual([]);
  });

  it('keeps the Retry-After of a 429, and the retry waits at least that long', async () => {
    const sink = track(await channelCase.start());
    const channel = createChannel(channelCase.name, channelCase.config(sink.target), DEPS);
    sink.failNext(1, { status: 429, headers: { 'retry-after': '3' }, body: '{"message":"You are being rate limited."}' });
    const error = await failure(channel.send(FIRING));
    expect(error).toMatchObject({ permanent: false, status: 429, retryAfterMs: 3_000 });
    expect(retryDelayMs(error, 0, 10, 100)).toBeGreaterThanOrEqual(3_000);
  });

  it('gives up on a 400 and a 404, and on a redirect without following it', async () => {
    const sink = track(await channelCase.start());
    const channel = createChannel(channelCase.name, channelCase.config(sink.target), DEPS);
    sink.failNext(1, { status: 400, body: 'invalid_payload' });
    expect(await failure(channel.send(FIRING))).toMatchObject({ permanent: true, status: 400 });
    sink.failNext(1, { status: 404 });
    expect(isPermanentChannelFailure(await failure(channel.send(FIRING)))).toBe(true);
    sink.failNext(1, { status: 302, headers: { location: `${sink.url}/elsewhere` } });
    const redirect = await failure(channel.send(FIRING));
    expect(redirect).toMatchObject({ permanent: true, status: 302 });
    expect(redirect.message).toContain('redirect');
    expect(sink.requests).toHaveLength(3);
  });

  it('fails transiently when the service does not answer in time, or is not there at all', async () => {
    const sink = track(await channelCase.start());
    sink.stallNext(1);
    const slow = createChannel(channelCase.name, channelCase.config(sink.target), { ...DEPS, timeoutMs: 200 });
    const timedOut = await failure(slow.send(FIRING));
    expect(timedOut).toMatchObject({ permanent: false, status: undefined });
    expect(timedOut.message).toContain('did not answer within 200 ms');
    const target = sink.target;
    await sink.close();
    const gone = await failure(createChannel(channelCase.name, channelCase.config(target), DEPS).send(FIRING));
    expect(gone).toMatchObject({ permanent: false, status: undefined });
    expect(gone.message).toMatch(/could not reach http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });

  it('fails transiently when the host name does not resolve (the name may appear, or DNS come back)', async () => {
    const sink = track(await channelCase.start());
    const target = sink.target.replace('127.0.0.1', 'no-such-host.invalid');
    const error = await failure(
      createChannel(channelCase.name, channelCase.config(target), { allowPrivate: false }).send(FIRING),
    );
    expect(error).toMatchObject({ permanent: false, status: undefined });
    expect(error.message).toMatch(/could not resolve http:\/\/no-such-host\.invalid:\d+: .*(ENOTFOUND|EAI_AGAIN)/);
  });

  it('never puts the URL path (a chat webhook secret) in an error', async () => {
    const sink = track(await channelCase.start());
    const channel = createChannel(channelCase.name, channelCase.config(sink.target), DEPS);
    sink.failNext(1, { status: 403 });
    const error = await failure(channel.send(FIRING));
    const path = new URL(sink.target).pathname;
    if (path !== '/') expect(error.message).not.toContain(path);
  });
});
