import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignClientAddress, clientAddressKey, clientAddressOf, proxyTrustFrom, rateLimitBucketOf, type ProxyTrust } from '@/lib/http/client-address';
import { contextFromHeaders } from '@/lib/http/request-context';
import { consumeLimit } from '@/lib/rate-limit/limiters';
import { loadConfig } from '@/lib/config';

const key = clientAddressKey('client-address-test-secret-client-address-test-secret');

function request(peer: string, forwardedFor?: string, extra: Record<string, string> = {}) {
  return { socket: { remoteAddress: peer }, headers: { ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}), ...extra } } as never;
}

describe('the client address', () => {
  it('is the TCP peer when no proxy is trusted, whatever the client sends', () => {
    const trust = proxyTrustFrom(undefined, undefined);
    expect(clientAddressOf(request('198.51.100.7', '203.0.113.1'), trust)).toBe('198.51.100.7');
    const forged = request('198.51.100.7', '203.0.113.1, 10.0.0.1', { 'x-real-ip': '203.0.113.2', 'x-gatehouse-client-ip': '203.0.113.3', 'x-forwarded-host': 'evil.example' });
    assignClientAddress(forged, trust, key);
    const headers = (forged as { headers: Record<string, string> }).headers;
    expect(headers).toMatchObject({ 'x-forwarded-for': '198.51.100.7', 'x-gatehouse-client-ip': '198.51.100.7' });
    expect(headers['x-real-ip']).toBeUndefined();
    expect(headers['x-forwarded-host']).toBeUndefined();
    expect(contextFromHeaders(new Headers(headers)).ip).toBe('198.51.100.7');
  });

  it('walks X-Forwarded-For from the right past trusted proxies only', () => {
    const chain = '1.1.1.1, 2.2.2.2, 10.0.0.5';
    const cidrs: ProxyTrust = proxyTrustFrom('10.0.0.0/8', undefined);
    expect(clientAddressOf(request('10.0.0.1', chain), cidrs)).toBe('2.2.2.2');
    // A peer outside the trusted ranges is the client, even with a header.
    expect(clientAddressOf(request('198.51.100.7', chain), cidrs)).toBe('198.51.100.7');
    expect(clientAddressOf(request('10.0.0.1', chain), proxyTrustFrom(undefined, 1))).toBe('10.0.0.5');
    expect(clientAddressOf(request('10.0.0.1', chain), proxyTrustFrom(undefined, 2))).toBe('2.2.2.2');
    expect(clientAddressOf(request('10.0.0.1', chain), proxyTrustFrom(undefined, 3))).toBe('1.1.1.1');
    expect(clientAddressOf(request('::ffff:127.0.0.1', '203.0.113.5'), proxyTrustFrom('loopback', undefined))).toBe('203.0.113.5');
    expect(clientAddressOf(request('::ffff:198.51.100.7'), proxyTrustFrom(undefined, undefined))).toBe('198.51.100.7');
    // A trusted proxy's host and scheme headers survive; the address is still rewritten.
    const viaProxy = request('10.0.0.1', chain, { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'id.example' });
    assignClientAddress(viaProxy, cidrs, key);
    expect((viaProxy as { headers: Record<string, string> }).headers).toMatchObject({ 'x-forwarded-for': '2.2.2.2', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'id.example' });
  });

  it("keeps an address another entry assigned and proved (Next.js's redirect render), and no forged one", () => {
    const first = request('198.51.100.7', '203.0.113.1');
    assignClientAddress(first, { kind: 'none' }, key);
    // Next.js fetches the redirect target from itself, forwarding the action's headers.
    const forward = { socket: { remoteAddress: '127.0.0.1' }, headers: { ...(first as { headers: Record<string, string> }).headers } } as never;
    expect(assignClientAddress(forward, { kind: 'none' }, key)).toBe('198.51.100.7');
    const headers = (first as { headers: Record<string, string> }).headers;
    const forged = { socket: { remoteAddress: '198.51.100.8' }, headers: { 'x-gatehouse-client-ip': '203.0.113.9', 'x-gatehouse-client-ip-proof': headers['x-gatehouse-client-ip-proof'] } } as never;
    expect(assignClientAddress(forged, { kind: 'none' }, key)).toBe('198.51.100.8');
    const otherKey = { socket: { remoteAddress: '198.51.100.8' }, headers: { ...headers } } as never;
    expect(assignClientAddress(otherKey, { kind: 'none' }, clientAddressKey('another-secret-another-secret-another-secret'))).toBe('198.51.100.8');
  });

  it('accepts a proof under a previous AUTH_SECRET after a rotation, and proves anew under the current one', () => {
    const proved = request('198.51.100.7', '203.0.113.1');
    assignClientAddress(proved, { kind: 'none' }, key);
    const oldProof = (proved as { headers: Record<string, string> }).headers['x-gatehouse-client-ip-proof'];
    const rotated = [clientAddressKey('the-next-secret-the-next-secret-the-next-secret'), key];
    const forward = { socket: { remoteAddress: '127.0.0.1' }, headers: { ...(proved as { headers: Record<string, string> }).headers } };
    expect(assignClientAddress(forward as never, { kind: 'none' }, rotated)).toBe('198.51.100.7');
    expect(forward.headers['x-gatehouse-client-ip-proof']).not.toBe(oldProof);
    // Without the previous key, the old proof is just a header a client sent.
    const withoutPrevious = { socket: { remoteAddress: '127.0.0.1' }, headers: { ...(proved as { headers: Record<string, string> }).headers } };
    expect(assignClientAddress(withoutPrevious as never, { kind: 'none' }, rotated.slice(0, 1))).toBe('127.0.0.1');
  });

  it('refuses a malformed or double proxy setting at start', () => {
    expect(() => loadConfig({ AUTH_SECRET: 'x'.repeat(40), TRUSTED_PROXIES: '10.0.0.0/99' })).toThrow(/TRUSTED_PROXIES/);
    expect(() => loadConfig({ AUTH_SECRET: 'x'.repeat(40), TRUSTED_PROXIES: '10.0.0.0/8', TRUSTED_PROXY_HOPS: '1' })).toThrow(/not both/);
    expect(loadConfig({ AUTH_SECRET: 'x'.repeat(40), TRUSTED_PROXY_HOPS: '2' }).proxyTrust).toEqual({ kind: 'hops', hops: 2 });
  });

  it('buckets IPv6 clients by /64 and IPv4 clients by address', () => {
    expect(rateLimitBucketOf('2001:db8:1:2:aaaa::1')).toBe(rateLimitBucketOf('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(rateLimitBucketOf('2001:db8:1:2::1')).not.toBe(rateLimitBucketOf('2001:db8:1:3::1'));
    expect(rateLimitBucketOf('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(rateLimitBucketOf('192.0.2.1')).not.toBe(rateLimitBucketOf('192.0.2.2'));
  });
});

// The attack from issue 9: 55 wrong sign-ins from one machine, each with a different X-Forwarded-For.
// A real HTTP server with the entry's rewrite in front of the per-IP sign-in limit.
describe('per-IP limits behind the entry', () => {
  let server: Server;
  let url: string;
  let trust: ProxyTrust = { kind: 'none' };
  beforeAll(async () => {
    server = createServer((req, res) => {
      assignClientAddress(req, trust, key);
      const { ip } = contextFromHeaders(new Headers(req.headers as Record<string, string>));
      void consumeLimit('signInIp', ip).then((limit) => {
        res.statusCode = limit.ok ? 200 : 429;
        res.end(ip ?? '');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  async function burst(count: number, forwardedFor: (i: number) => string) {
    const statuses = await Promise.all(Array.from({ length: count }, (_, i) => fetch(url, { headers: { 'x-forwarded-for': forwardedFor(i), 'x-real-ip': forwardedFor(i) } }).then((r) => r.status)));
    return statuses.filter((s) => s === 429).length;
  }

  it('does not give a forged X-Forwarded-For a fresh bucket', async () => {
    const scale = Number(process.env.RATE_LIMIT_SCALE ?? 1) || 1;
    const limit = 50 * scale;
    const refused = await burst(limit + 5, (i) => `203.0.113.${i % 250}, 198.51.100.${i % 250}`);
    expect(refused).toBe(5);
  });

  it('does honour X-Forwarded-For from a trusted proxy (the same burst spreads over clients)', async () => {
    trust = proxyTrustFrom('127.0.0.1', undefined);
    try {
      expect(await burst(55, (i) => `192.0.2.${i}`)).toBe(0);
    } finally {
      trust = { kind: 'none' };
    }
  });

  it('counts a rotating IPv6 /64 as one client', async () => {
    trust = proxyTrustFrom('127.0.0.1', undefined);
    try {
      const limit = 50 * (Number(process.env.RATE_LIMIT_SCALE ?? 1) || 1);
      expect(await burst(limit + 3, (i) => `2001:db8:77:1:${i.toString(16)}::1`)).toBe(3);
    } finally {
      trust = { kind: 'none' };
    }
  });
});
