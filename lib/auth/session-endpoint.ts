import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseCookie, stringifySetCookie } from 'cookie';
import { findLiveSession, sessionCookie, slideIdleExpiry } from './sessions';

type LiveSession = NonNullable<Awaited<ReturnType<typeof findLiveSession>>>;

/**
 * What a signed-in browser (and server code, through auth()) is told about its session: who,
 * how they signed in and when, never the session row, which holds the token the httpOnly cookie
 * keeps from scripts. The Auth.js session callback (lib/auth/authjs.ts) answers the same.
 */
export function publicSession(
  session: Pick<LiveSession, 'id' | 'expires' | 'authMethods' | 'authenticatedAt'>,
  user: { id: string; email: string; name?: string | null; emailVerified: Date | null },
) {
  return {
    expires: session.expires,
    sessionId: session.id,
    authMethods: session.authMethods.split(','),
    authenticatedAt: session.authenticatedAt.toISOString(),
    user: { id: user.id, email: user.email, name: user.name ?? null, emailVerified: user.emailVerified },
  };
}

/**
 * The live session a token names, in its public shape, with its idle expiry slid forward (the
 * cookie's new expiry); null when it is revoked, expired or its user suspended. Every session
 * check without Auth.js goes through here: the session endpoint and getCurrentSession.
 */
export async function checkSessionToken(token: string) {
  const found = await findLiveSession(token);
  if (!found) return null;
  const expires = await slideIdleExpiry(token, found.expires);
  return { session: publicSession(found, found.user), expires };
}

/**
 * GET /api/auth/session without Auth.js's machinery: the same lookup (a revoked, expired or
 * suspended session is none), the same sliding expiry (written at most once per touch interval),
 * the same cookie refresh and the same answer as Auth.js's database-session endpoint, which
 * tests/session-endpoint.test.ts compares it with. Auth.js keeps every other /api/auth route.
 */
export async function answerSessionCheck(cookieHeader: string | undefined) {
  const { name, options } = sessionCookie();
  const token = cookieHeader ? parseCookie(cookieHeader)[name] : undefined;
  if (!token) return { body: null, setCookie: [] };
  const checked = await checkSessionToken(token);
  if (!checked) return { body: null, setCookie: [stringifySetCookie({ name, value: '', ...options, expires: new Date(0), maxAge: 0 })] };
  return { body: checked.session, setCookie: [stringifySetCookie({ name, value: token, ...options, expires: checked.expires })] };
}

/** JSON for scripts on the page only: not cached, not sniffed, not framed, and loading nothing. */
const HEADERS = {
  'content-type': 'application/json',
  'cache-control': 'private, no-cache, no-store',
  expires: '0',
  pragma: 'no-cache',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
};

export async function serveSessionCheck(request: IncomingMessage, response: ServerResponse) {
  const { body, setCookie } = await answerSessionCheck(request.headers.cookie);
  response.writeHead(200, { ...HEADERS, ...(setCookie.length ? { 'set-cookie': setCookie } : {}) });
  response.end(request.method === 'HEAD' ? undefined : JSON.stringify(body));
}
