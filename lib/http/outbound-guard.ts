import 'server-only';
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Every request Gatehouse makes to a URL someone typed into the console (webhook
 * endpoints, enterprise-connection issuers and the endpoints their discovery documents
 * name) goes through here. Without it, whoever may register such a URL can make the
 * server call its own network: loopback services, the cloud metadata endpoint, the
 * database port (OWASP ASVS 5.0 V1.3.6, CWE-918 server-side request forgery).
 *
 * The host is resolved before every request, every address it resolves to is checked,
 * and the connection is made to the address that was checked: the socket's DNS lookup
 * is answered with it, so a name whose record changes between the check and the
 * connect (DNS rebinding) cannot move the request. Node 20's built-in fetch does not
 * expose the undici Agent it runs on, and an Agent from the npm package is coupled to
 * that bundled version, so requests are made with node:http(s), which accepts a
 * `lookup` per request. Redirects are never followed: a 3xx is the answer.
 */

export type OutboundPolicy = {
  /** Loopback, private, link-local, unique-local, CGNAT and metadata addresses may be called. */
  allowPrivateNetworks: boolean;
  /** Plain http:// may be used (otherwise only https://). */
  allowHttp: boolean;
};

/** Short, fixed reasons: what an administrator may read in a log, never an errno string with an address. */
export const OUTBOUND_REASONS = {
  private_network: 'refused: private network address',
  insecure_scheme: 'refused: https required',
  invalid_url: 'refused: not an http(s) URL',
  not_found: 'host not found',
  timeout: 'timed out',
  connection_refused: 'connection refused',
  connection_reset: 'connection reset',
  unreachable: 'host unreachable',
  tls: 'TLS error',
  too_large: 'answer too large',
  failed: 'request failed',
} as const;
export type OutboundReason = keyof typeof OUTBOUND_REASONS;

export class OutboundRequestError extends Error {
  constructor(readonly reason: OutboundReason) {
    super(OUTBOUND_REASONS[reason]);
    this.name = 'OutboundRequestError';
  }
}

export type ResolvedAddress = { address: string; family: 4 | 6 };
/** How host names become addresses; the system resolver (getaddrinfo, /etc/hosts) unless a test says otherwise. */
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: HostResolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));

/**
 * Only ordinary public unicast addresses pass. ipaddr.js names every special range
 * (RFC 6890 and its successors): loopback, private (RFC 1918), linkLocal (169.254/16,
 * where cloud metadata lives, and fe80::/10), uniqueLocal (fc00::/7, e.g. fd00:ec2::254),
 * carrierGradeNat (100.64/10), unspecified, broadcast, multicast, reserved, and the
 * IPv6 translation prefixes that can embed an IPv4 address (NAT64, 6to4, Teredo);
 * anything that is not plain 'unicast' is refused rather than listed one by one.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  // ::ffff:127.0.0.1 is 127.0.0.1 to the kernel.
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast';
}

export type VettedTarget = { url: URL; address: string; family: 4 | 6 };
export type OutboundVetting = { ok: true; target: VettedTarget } | { ok: false; reason: OutboundReason; error: string };

const refused = (reason: OutboundReason): OutboundVetting => ({ ok: false, reason, error: OUTBOUND_REASONS[reason] });

/**
 * Checks a URL against the policy and resolves its host. The WHATWG URL parser has
 * already turned odd spellings of an address (127.1, 0x7f000001, 2130706433) into
 * 127.0.0.1, so the literal is checked as the kernel would read it.
 */
export async function vetOutboundUrl(raw: string | URL, policy: OutboundPolicy, resolve: HostResolver = systemResolver): Promise<OutboundVetting> {
  const url = typeof raw === 'string' ? (URL.canParse(raw) ? new URL(raw) : null) : raw;
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) return refused('invalid_url');
  if (url.protocol === 'http:' && !policy.allowHttp) return refused('insecure_scheme');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: ResolvedAddress[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch {
      return refused('not_found');
    }
  }
  if (addresses.length === 0) return refused('not_found');
  // Every answer is checked, not just the first: a name with one public and one private record is refused.
  if (!policy.allowPrivateNetworks && !addresses.every((a) => isPublicAddress(a.address))) return refused('private_network');
  return { ok: true, target: { url, address: addresses[0]!.address, family: addresses[0]!.family } };
}

/** Answers the socket's DNS lookup with the vetted address and nothing else. */
function pinnedLookup(target: VettedTarget): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
}

function reasonOf(error: unknown, signal: AbortSignal): OutboundReason {
  if (signal.aborted) return (signal.reason as { name?: string } | undefined)?.name === 'TimeoutError' ? 'timeout' : 'failed';
  const code = typeof error === 'object' && error && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (code === 'ECONNREFUSED') return 'connection_refused';
  if (code === 'ECONNRESET' || code === 'EPIPE') return 'connection_reset';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'unreachable';
  if (code === 'ETIMEDOUT') return 'timeout';
  if (/CERT|SSL|TLS|EPROTO|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) return 'tls';
  return 'failed';
}

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

export type OutboundOptions = {
  resolve?: HostResolver;
  timeoutMs?: number;
  /** Answers are read whole (they are small JSON documents or a webhook receiver's reply); more than this is refused. */
  maxResponseBytes?: number;
  /** Only the status matters (webhooks): the body is not read, and the connection is closed once the headers are in. */
  statusOnly?: boolean;
};

/** One request over a connection to the vetted address. */
function send(target: VettedTarget, request: Request, body: Buffer | null, signal: AbortSignal, limits: { maxBytes: number; statusOnly: boolean }): Promise<Response> {
  const { url } = target;
  const headers: Record<string, string> = { 'accept-encoding': 'identity' };
  request.headers.forEach((value, key) => (headers[key] = value));
  if (body) headers['content-length'] = String(body.length);
  return new Promise((resolvePromise, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(
      {
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers,
        // No pooled socket: every request is connected to the address vetted for it.
        agent: false,
        lookup: pinnedLookup(target),
        signal,
      },
      (res) => {
        const status = res.statusCode ?? 502;
        if (status < 200 || status > 599) {
          res.destroy();
          return reject(new OutboundRequestError('failed'));
        }
        const responseHeaders = new Headers();
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const answer = (content: Buffer | null) => new Response(NULL_BODY_STATUSES.has(status) || !content ? null : new Uint8Array(content), { status, statusText: res.statusMessage, headers: responseHeaders });
        if (limits.statusOnly) {
          res.destroy();
          return resolvePromise(answer(null));
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > limits.maxBytes) {
            res.destroy();
            reject(new OutboundRequestError('too_large'));
          } else chunks.push(chunk);
        });
        res.on('error', (error) => reject(new OutboundRequestError(reasonOf(error, signal))));
        res.on('end', () => resolvePromise(answer(Buffer.concat(chunks))));
      },
    );
    req.on('error', (error) => reject(new OutboundRequestError(reasonOf(error, signal))));
    req.end(body ?? undefined);
  });
}

/**
 * fetch() for URLs that came from an administrator: same arguments, a standard
 * Response, and an OutboundRequestError (with a short reason) when the target is
 * refused or does not answer.
 */
export async function fetchOutbound(input: string | URL | Request, init: RequestInit | undefined, policy: OutboundPolicy, options: OutboundOptions = {}): Promise<Response> {
  // A Request normalises every kind of body and header the callers (and oauth4webapi) pass.
  const request = new Request(input, { ...init, redirect: 'manual' });
  const vetted = await vetOutboundUrl(request.url, policy, options.resolve);
  if (!vetted.ok) throw new OutboundRequestError(vetted.reason);
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : null;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
  const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  return send(vetted.target, request, body, signal, { maxBytes: options.maxResponseBytes ?? 1024 * 1024, statusOnly: options.statusOnly ?? false });
}

/** What a log may say about a failed request: its short reason, never the error's own text. */
export function describeOutboundFailure(error: unknown): string {
  return error instanceof OutboundRequestError ? error.message : OUTBOUND_REASONS.failed;
}
