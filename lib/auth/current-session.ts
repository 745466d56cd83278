import 'server-only';
import { cache } from 'react';
import { redirect } from 'next/navigation';
import { auth } from './authjs';

export type CurrentSession = {
  sessionId: string;
  authMethods: string[];
  authenticatedAt: string;
  user: { id: string; email: string; name: string | null; emailVerified: Date | null };
};

/** The signed-in session for this request, looked up once per request. */
export const getCurrentSession = cache(async (): Promise<CurrentSession | null> => {
  const session = (await auth()) as unknown as CurrentSession | null;
  return session?.sessionId ? session : null;
});

/** Sends anonymous visitors to sign in, then back to `returnTo`. */
export async function requireSession(returnTo: string): Promise<CurrentSession> {
  const session = await getCurrentSession();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return session;
}
