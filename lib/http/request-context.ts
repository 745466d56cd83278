import { headers } from 'next/headers';
import { CLIENT_ADDRESS_HEADER } from './client-address';

export type RequestContext = { ip: string | null; userAgent: string | null };

/**
 * Who is asking, for audit and rate limits. The address is the one the Node entry
 * (scripts/server.ts) derived from the socket and the trusted proxies; client-sent
 * X-Forwarded-For and X-Real-IP are never read here, so they cannot dodge per-IP limits.
 */
export function contextFromHeaders(h: Headers): RequestContext {
  return { ip: h.get(CLIENT_ADDRESS_HEADER) || null, userAgent: h.get('user-agent') };
}

export async function requestContext(): Promise<RequestContext> {
  return contextFromHeaders(await headers());
}
