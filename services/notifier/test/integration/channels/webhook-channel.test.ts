import { createChannel, verifyWebhookSignature } from '../../../src/channels';
import { resolveWithDns } from '../../../src/channels/destination-guard';
import { webhookChannel } from '../../../src/channels/webhook-channel';
import { startSignedWebhookSink } from '../../../../../test/support/channel-sinks/signed-webhook-sink';
import { FIRING } from '../../support/alert-messages';
import { useSinks, WEBHOOK_SECRET } from './channel-cases';

const DEPS = { allowPrivate: true };

describe('webhook channel', () => {
  const track = useSinks();

  it('signs "<timestamp>.<raw body>" with the secret; the receiver recomputes it, and so does the documented verifier', async () => {
    const sink = track(await startSignedWebhookSink(WEBHOOK_SECRET));
    const before = Math.floor(Date.now() / 1000);
    await createChannel('webhook', { url: sink.target, secret: WEBHOOK_SECRET }, DEPS).send(FIRING);
    expect(sink.problems).toEqual([]);
    const [request] = sink.accepted;
    const timestamp = String(request?.headers['x-error-tracker-timestamp']);
    expect(Number(timestamp)).toBeGreaterThanOrEqual(before);
    expect(request?.headers['x-error-tracker-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(request?.headers['x-error-tracker-event']).toBe('firing');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(
      verifyWebhookSignature(
        WEBHOOK_SECRET,
        timestamp,
        request?.rawBody ?? '',
        String(request?.headers['x-error-tracker-signature']),
      ),
    ).toBe(true);
    expect(sink.deliveries[0]).toMatchObject({
      kind: 'firing',
      count: 73,
      window: '5m',
      project: 'shop',
      group_url: FIRING.groupUrl,
      dedup_key: FIRING.dedupKey,
    });
  });

  it('gives a retry the same body and delivery id, and a fresh timestamp that still passes the receiver', async () => {
    const sink = track(await startSignedWebhookSink(WEBHOOK_SECRET));
    let clock = Date.now() - 120_000;
    const http = () => ({ allowPrivate: true, resolve: resolveWithDns, timeoutMs: 2_000 });
    const channel = webhookChannel({ url: sink.target, secret: WEBHOOK_SECRET }, http, () => clock);
    sink.failNext(1, { status: 503 });
    await expect(channel.send(FIRING)).rejects.toMatchObject({ permanent: false, status: 503 });
    clock += 120_000;
    await channel.send(FIRING);
    const [first, second] = sink.requests;
    expect(second?.headers['x-error-tracker-delivery']).toBe(first?.headers['x-error-tracker-delivery']);
    expect(second?.rawBody).toBe(first?.rawBody);
    expect(Number(second?.headers['x-error-tracker-timestamp']) - Number(first?.headers['x-error-tracker-timestamp'])).toBe(120);
    expect(sink.problems).toEqual([]);
  });

  it('is refused (401, permanent) by a receiver that holds another secret', async () => {
    const sink = track(await startSignedWebhookSink(WEBHOOK_SECRET));
    const channel = createChannel('webhook', { url: sink.target, secret: 'a-different-secret-0000' }, DEPS);
    await expect(channel.send(FIRING)).rejects.toMatchObject({ permanent: true, status: 401 });
    expect(sink.problems).toEqual(['#0 signature does not match the body']);
  });
});
