import { isIP } from 'node:net';
import type { Context } from 'hono';

export interface ClientIpOptions {
  /** The runtime's own idea of the peer: API Gateway's `requestContext.http.sourceIp`, or the socket. */
  directAddress: (c: Context) => string | null | undefined;
  /**
   * How many reverse proxies in front of us append the address they saw to
   * `X-Forwarded-For` (TRUSTED_PROXY_HOPS). 0, the default: the header is ignored.
   */
  trustedProxyHops: number;
}

/**
 * The visitor's address, for the flood check, the rate limit and the moderators' view.
 * A client can write anything into `X-Forwarded-For`, but not after what our own proxies
 * append: with N trusted proxies the address is the N-th entry from the right of the
 * chain "X-Forwarded-For entries, then the direct peer". A shorter chain than configured,
 * or an entry that is no address, falls back to the direct peer.
 *
 * @example
 * clientIp: clientIpResolver({ directAddress: (c) => getConnInfo(c).remote.address, trustedProxyHops: env.TRUSTED_PROXY_HOPS })
 */
export function clientIpResolver(options: ClientIpOptions): (c: Context) => string | null {
  return (c) => {
    const direct = normaliseAddress(options.directAddress(c));
    if (options.trustedProxyHops <= 0) return direct;
    return forwardedClient(c.req.header('x-forwarded-for'), direct, options.trustedProxyHops) ?? direct;
  };
}

export function forwardedClient(forwardedFor: string | undefined, direct: string | null, hops: number): string | null {
  const chain = (forwardedFor ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  // API Gateway repeats the peer it saw at the end of the header: count it once.
  if (direct !== null && normaliseAddress(chain.at(-1)) !== direct) chain.push(direct);
  const index = chain.length - 1 - hops;
  return index >= 0 ? normaliseAddress(chain[index]) : null;
}

/** A bare IPv4 or IPv6 address (port, brackets and the IPv4-mapped prefix removed), or null. */
export function normaliseAddress(value: string | null | undefined): string | null {
  if (!value) return null;
  let address = value.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1]!;
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(':'));
  address = address.replace(/^::ffff:(\d{1,3}(\.\d{1,3}){3})$/i, '$1').toLowerCase();
  return isIP(address) ? address : null;
}
