import 'server-only';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { mustAcceptDocuments } from '@/lib/consent/re-consent';
import { cookies } from 'next/headers';
import { checkSessionToken } from './session-endpoint';
import { sessionCookie } from './sessions';

export type CurrentSession = {
  sessionId: string;
  authMethods: string[];
  authenticatedAt: string;
  user: { id: string; email: string; name: string | null; emailVerified: Date | null };
};

/**
 * The signed-in session for this request, looked up once per request: the cookie, then the
 * check of the session endpoint (lib/auth/session-endpoint.ts,
 * which tests/session-endpoint.test.ts holds to Auth.js's answers), without building Auth.js's
 * configuration and request for every page.
 */
export const getCurrentSession = cache(async (): Promise<CurrentSession | null> => {
  const token = (await cookies()).get(sessionCookie().name)?.value;
  if (!token) return null;
  return (await checkSessionToken(token))?.session ?? null;
});

/** Sends anonymous visitors to sign in, then back to `returnTo`. */
export async function requireSession(returnTo: string): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return session;
}

/**
 * requireSession for the work of the account area: someone who has not accepted the current
 * required terms is sent to accept them first. The layout asks too, but a server action is an
 * endpoint of its own and is checked where the work happens. Closing the account, confirming who
 * one is, signing out and exporting one's data stay open to those who decline.
 */
export async function requireAgreedSession(returnTo: string): Promise<CurrentSession> {
  const session = await requireSession(returnTo);
  if (await mustAcceptDocuments(session.user.id)) redirect(`/accept-terms?next=${encodeURIComponent(returnTo)}`);
  return session;
}
