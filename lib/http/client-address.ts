// Who is connecting, for audit and per-IP limits. Runs in the Node entry (scripts/server.ts)
// before Next.js sees the request, because route code is never given the socket address.
// No 'server-only' import: the entry loads this outside Next.js's bundler.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import ipaddr from 'ipaddr.js';
import proxyaddr from 'proxy-addr';

/** Which hops in front of Gatehouse may say who the client is. */
export type ProxyTrust = { kind: 'none' } | { kind: 'proxies'; proxies: string[] } | { kind: 'hops'; hops: number };

/** The header the entry sets from the socket; anything a client sends under this name is dropped. */
export const CLIENT_ADDRESS_HEADER = 'x-gatehouse-client-ip';
/**
 * An HMAC of that address, so an entry can tell its own assignment from a forgery. Next.js renders a
 * server action's redirect target by fetching it from itself with the action's headers: that request
 * arrives from this machine, and without the proof every such render would count as one client (one
 * shared per-IP bucket, and audit events from 127.0.0.1).
 */
const CLIENT_ADDRESS_PROOF_HEADER = 'x-gatehouse-client-ip-proof';

/** The proof key, derived from AUTH_SECRET so every instance behind one load balancer accepts the others'. */
export function clientAddressKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'gatehouse', 'gatehouse:client-address:v1', 32));
}

function proofOf(address: string, key: Buffer): string {
  return createHmac('sha256', key).update(address).digest('base64url');
}

function provenAddress(headers: IncomingMessage['headers'], keys: readonly Buffer[]): string | null {
  const address = headers[CLIENT_ADDRESS_HEADER];
  const proof = headers[CLIENT_ADDRESS_PROOF_HEADER];
  if (typeof address !== 'string' || typeof proof !== 'string') return null;
  const given = Buffer.from(proof);
  const proven = keys.some((key) => {
    const expected = Buffer.from(proofOf(address, key));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
  return proven ? normalizeAddress(address) : null;
}

// A client must not be able to claim another address, host or scheme (ASVS 5.0 V4.1.3): these are
// always rewritten from what the entry derived, and the host and scheme headers survive only from a trusted proxy.
const ALWAYS_REPLACED = ['x-forwarded-for', 'x-real-ip', 'forwarded', CLIENT_ADDRESS_HEADER, CLIENT_ADDRESS_PROOF_HEADER];
const FROM_TRUSTED_PROXY_ONLY = ['x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port'];

/** Reads TRUSTED_PROXIES (comma-separated CIDRs, or proxy-addr's names loopback/linklocal/uniquelocal) or TRUSTED_PROXY_HOPS. */
export function proxyTrustFrom(proxies: string | undefined, hops: number | undefined): ProxyTrust {
  const list = (proxies ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  if (list.length > 0 && hops) throw new Error('Set TRUSTED_PROXIES or TRUSTED_PROXY_HOPS, not both.');
  if (list.length > 0) {
    // Throws on a malformed entry, so a typo fails at start instead of trusting nobody (or everybody).
    proxyaddr.compile(list);
    return { kind: 'proxies', proxies: list };
  }
  if (hops) return { kind: 'hops', hops };
  return { kind: 'none' };
}

function trustFunction(trust: ProxyTrust): (address: string, hop: number) => boolean {
  if (trust.kind === 'proxies') return proxyaddr.compile(trust.proxies);
  if (trust.kind === 'hops') return (_address, hop) => hop < trust.hops;
  return () => false;
}

/** IPv4-mapped IPv6 (::ffff:1.2.3.4) becomes the IPv4 address it carries; anything unparsable is dropped. */
export function normalizeAddress(address: string | undefined | null): string | null {
  if (!address || !ipaddr.isValid(address)) return null;
  return ipaddr.process(address).toString();
}

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy, in which case
 * X-Forwarded-For is walked from the right past trusted hops only (proxy-addr's rule, as Express uses).
 */
export function clientAddressOf(request: Pick<IncomingMessage, 'headers' | 'socket'>, trust: ProxyTrust): string | null {
  const peer = request.socket.remoteAddress;
  if (trust.kind === 'none') return normalizeAddress(peer);
  return normalizeAddress(proxyaddr(request as IncomingMessage, trustFunction(trust)));
}

/**
 * Rewrites the request's forwarding headers in place: the client address goes into
 * CLIENT_ADDRESS_HEADER (with its proof) and is the only X-Forwarded-For entry (oidc-provider reads
 * the left-most); host and scheme headers survive only from a trusted proxy. Given several keys
 * (one per AUTH_SECRET generation, current first), it proves with the first and accepts any, so
 * instances still on the previous secret during a rotation are understood.
 */
export function assignClientAddress(request: Pick<IncomingMessage, 'headers' | 'socket'>, trust: ProxyTrust, keys: Buffer | readonly Buffer[]): string | null {
  const headers = request.headers;
  const accepted = Buffer.isBuffer(keys) ? [keys] : keys;
  const key = accepted[0]!;
  const address = provenAddress(headers, accepted) ?? clientAddressOf(request, trust);
  const peerTrusted = trust.kind !== 'none' && trustFunction(trust)(normalizeAddress(request.socket.remoteAddress) ?? '', 0);
  for (const name of ALWAYS_REPLACED) delete headers[name];
  if (!peerTrusted) for (const name of FROM_TRUSTED_PROXY_ONLY) delete headers[name];
  if (address) {
    headers[CLIENT_ADDRESS_HEADER] = address;
    headers[CLIENT_ADDRESS_PROOF_HEADER] = proofOf(address, key);
    headers['x-forwarded-for'] = address;
  }
  return address;
}

/**
 * The bucket a per-IP limit counts in: an IPv4 address, or an IPv6 address's /64, since one
 * subscriber is routinely given a whole /64 and could otherwise rotate through 2^64 fresh buckets.
 */
export function rateLimitBucketOf(address: string | null): string {
  if (!address) return 'unknown';
  // Only the entry sets the address, always a parsed IP; any other key counts as itself.
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}
