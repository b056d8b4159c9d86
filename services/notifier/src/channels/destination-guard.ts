import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/** Resolves a host name to every address it has (dns.lookup with all: true, so /etc/hosts counts). */
export type ResolveHost = (hostname: string) => Promise<readonly LookupAddress[]>;

export const resolveWithDns: ResolveHost = (hostname) => lookup(hostname, { all: true });

/** A destination the notifier will not send to unless ALLOW_PRIVATE_WEBHOOKS=true. */
export class PrivateDestinationError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(
      host === address
        ? `refused to send to ${address}: a private, loopback, link-local or reserved address (ALLOW_PRIVATE_WEBHOOKS=true allows it)`
        : `refused to send to ${host}: it resolves to ${address}, a private, loopback, link-local or reserved address (ALLOW_PRIVATE_WEBHOOKS=true allows it)`,
    );
    this.name = 'PrivateDestinationError';
  }
}

const IPV4_REFUSED: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services live here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const IPV6_REFUSED: ReadonlyArray<readonly [string, number]> = [
  ['::', 96], // unspecified, loopback (::1) and the deprecated IPv4-compatible form
  ['64:ff9b::', 96], // NAT64: an IPv4 address behind it, which we cannot vouch for
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 32], // Teredo tunnels (an embedded IPv4 address)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 tunnels (an embedded IPv4 address)
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];

// BlockList also matches IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) against the IPv4 rules.
const refused = new BlockList();
for (const [network, prefix] of IPV4_REFUSED) refused.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of IPV6_REFUSED) refused.addSubnet(network, prefix, 'ipv6');

/** True for a literal IP address outside every private, loopback, link-local, unique-local, unspecified or reserved range. */
export function isPublicAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 0) return false;
  return !refused.check(address, version === 4 ? 'ipv4' : 'ipv6');
}

export interface DestinationOptions {
  /** ALLOW_PRIVATE_WEBHOOKS: skip the check. */
  readonly allowPrivate: boolean;
  readonly resolve?: ResolveHost;
}

/**
 * Refuses a URL that is not http(s), or whose host is, or resolves to, any address that is not
 * public (every address counts: one private answer among public ones is enough to refuse).
 * Throws PrivateDestinationError; a failed lookup throws the resolver's error.
 */
export async function assertPublicDestination(url: string | URL, options: DestinationOptions): Promise<void> {
  const parsed = typeof url === 'string' ? new URL(url) : url;
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`refused to send to a ${parsed.protocol} URL`);
  if (options.allowPrivate) return;
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host) !== 0) {
    if (!isPublicAddress(host)) throw new PrivateDestinationError(host, host);
    return;
  }
  const addresses = await (options.resolve ?? resolveWithDns)(host);
  if (addresses.length === 0) throw new Error(`${host} has no address`);
  const bad = addresses.find((entry) => !isPublicAddress(entry.address));
  if (bad !== undefined) throw new PrivateDestinationError(host, bad.address);
}

/**
 * A lookup for the HTTP connection itself that applies the same rule, so a name that resolved to a
 * public address at the check and to a private one a moment later (DNS rebinding) is still refused.
 */
export function publicOnlyLookup(resolve: ResolveHost): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (all) => {
        const addresses =
          options.family === 4 || options.family === 6 ? all.filter((entry) => entry.family === options.family) : all;
        const bad = addresses.find((entry) => !isPublicAddress(entry.address));
        if (bad !== undefined) return callback(new PrivateDestinationError(hostname, bad.address), '', 0);
        const first = addresses[0];
        if (first === undefined)
          return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
        if (options.all === true) return callback(null, [...addresses]);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
