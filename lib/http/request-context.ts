import { headers } from 'next/headers';

export type RequestContext = { ip: string | null; userAgent: string | null };

/**
 * Who is asking, for audit and rate limits. Only the right-most x-forwarded-for
 * entry is used: it is the one appended by the nearest hop we control (Next.js's
 * own server or the reverse proxy); entries to its left are client-supplied and
 * could be forged to dodge per-IP limits.
 */
export function contextFromHeaders(h: Headers): RequestContext {
  const forwarded = h.get('x-forwarded-for')?.split(',').at(-1)?.trim();
  return {
    ip: forwarded || h.get('x-real-ip') || null,
    userAgent: h.get('user-agent'),
  };
}

export async function requestContext(): Promise<RequestContext> {
  return contextFromHeaders(await headers());
}
