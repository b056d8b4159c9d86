import type { LookupAddress } from 'node:dns';
import { createChannel, PrivateDestinationError } from '../../../src/channels';
import { FIRING } from '../../support/alert-messages';
import { HTTP_CHANNELS, useSinks } from './channel-cases';

describe.each(HTTP_CHANNELS)('$name channel and private destinations', (channelCase) => {
  const track = useSinks();

  it('refuses the loopback service, by address and as localhost, unless private addresses are allowed', async () => {
    const sink = track(await channelCase.start());
    const byName = sink.target.replace('127.0.0.1', 'localhost');
    for (const target of [sink.target, byName]) {
      const refused = createChannel(channelCase.name, channelCase.config(target), { allowPrivate: false });
      await expect(refused.send(FIRING)).rejects.toMatchObject({
        permanent: true,
        message: expect.stringContaining('ALLOW_PRIVATE_WEBHOOKS=true'),
      });
    }
    expect(sink.requests).toHaveLength(0);
    await createChannel(channelCase.name, channelCase.config(byName), { allowPrivate: true }).send(FIRING);
    expect(sink.accepted).toHaveLength(1);
  });

  it('refuses a name that resolves to a public address at the check and to loopback at connect time (DNS rebinding)', async () => {
    const sink = track(await channelCase.start());
    let lookups = 0;
    const resolve = async (): Promise<LookupAddress[]> =>
      lookups++ === 0 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }];
    const target = sink.target.replace('127.0.0.1', 'rebind.example.test');
    const channel = createChannel(channelCase.name, channelCase.config(target), { allowPrivate: false, resolve });
    const sending = channel.send(FIRING);
    await expect(sending).rejects.toMatchObject({
      permanent: true,
      message: expect.stringContaining('rebind.example.test: it resolves to 127.0.0.1'),
    });
    expect(lookups).toBeGreaterThanOrEqual(2);
    expect(sink.requests).toHaveLength(0);
  });
});

it('exports the refusal for callers that check a URL when it is configured', () => {
  expect(new PrivateDestinationError('x.test', '10.0.0.1').message).toContain('x.test: it resolves to 10.0.0.1');
});
