import type { LookupAddress } from 'node:dns';
import { assertPublicDestination, isPublicAddress, PrivateDestinationError } from '../../../src/channels';
import { publicOnlyLookup } from '../../../src/channels/destination-guard';

const resolvingTo =
  (...addresses: string[]) =>
  async (): Promise<LookupAddress[]> =>
    addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('destination guard', () => {
  it('refuses private, loopback, link-local, CGNAT, unspecified, multicast and reserved IPv4 addresses', () => {
    const refused = [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '127.0.0.1',
      '127.255.0.9',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '192.0.2.10',
    ];
    for (const address of refused) expect([address, isPublicAddress(address)]).toEqual([address, false]);
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '93.184.216.34'])
      expect([address, isPublicAddress(address)]).toEqual([address, true]);
  });

  it('refuses IPv6 loopback, unspecified, unique-local, link-local, multicast, and IPv4-mapped or NAT64 forms of refused IPv4', () => {
    const refused = [
      '::1',
      '::',
      'fc00::1',
      'fd12:3456::1',
      'fe80::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '64:ff9b::a00:1',
      '2001:db8::1',
    ];
    for (const address of refused) expect([address, isPublicAddress(address)]).toEqual([address, false]);
    for (const address of ['2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8'])
      expect([address, isPublicAddress(address)]).toEqual([address, true]);
  });

  it('is not fooled by other spellings of a loopback URL (decimal, hex, short, bracketed)', async () => {
    for (const url of [
      'http://2130706433/',
      'http://0x7f.1/',
      'http://127.1/',
      'http://[::ffff:127.0.0.1]/',
      'http://[0:0:0:0:0:0:0:1]:8080/x',
    ]) {
      await expect(assertPublicDestination(url, { allowPrivate: false })).rejects.toBeInstanceOf(PrivateDestinationError);
    }
  });

  it('refuses localhost through the real resolver, naming the host and address', async () => {
    await expect(assertPublicDestination('http://localhost:9/hook', { allowPrivate: false })).rejects.toThrow(
      /refused to send to localhost: it resolves to (127\.0\.0\.1|::1).*ALLOW_PRIVATE_WEBHOOKS=true/,
    );
  });

  it('refuses a host when any one of its addresses is private', async () => {
    const resolve = resolvingTo('93.184.216.34', '10.0.0.5');
    await expect(assertPublicDestination('https://hooks.example.com/x', { allowPrivate: false, resolve })).rejects.toMatchObject({
      host: 'hooks.example.com',
      address: '10.0.0.5',
    });
    await expect(
      assertPublicDestination('https://hooks.example.com/x', { allowPrivate: false, resolve: resolvingTo('93.184.216.34') }),
    ).resolves.toBeUndefined();
  });

  it('lets everything through with allowPrivate, and never anything but http(s)', async () => {
    await expect(assertPublicDestination('http://127.0.0.1:1/', { allowPrivate: true })).resolves.toBeUndefined();
    await expect(assertPublicDestination('http://localhost:1/', { allowPrivate: true })).resolves.toBeUndefined();
    await expect(assertPublicDestination('file:///etc/passwd', { allowPrivate: true })).rejects.toThrow(/file:/);
  });

  it('applies the same rule at connect time, answering all addresses or the first of the asked family', async () => {
    const lookup = (resolve: ReturnType<typeof resolvingTo>, options: { all?: boolean; family?: number }) =>
      new Promise<{ error: Error | null; address: unknown; family?: number }>((done) =>
        publicOnlyLookup(resolve)('hooks.example.com', options, (error, address, family) => done({ error, address, family })),
      );
    const mixed = await lookup(resolvingTo('93.184.216.34', '127.0.0.1'), { all: true });
    expect(mixed.error).toBeInstanceOf(PrivateDestinationError);
    const all = await lookup(resolvingTo('93.184.216.34', '2606:4700:4700::1111'), { all: true });
    expect(all).toMatchObject({
      error: null,
      address: [
        { address: '93.184.216.34', family: 4 },
        { address: '2606:4700:4700::1111', family: 6 },
      ],
    });
    const six = await lookup(resolvingTo('93.184.216.34', '2606:4700:4700::1111'), { family: 6 });
    expect(six).toMatchObject({ error: null, address: '2606:4700:4700::1111', family: 6 });
  });
});
