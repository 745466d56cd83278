'use server';

import { redirect } from 'next/navigation';
import { getCurrentSession, requireSession } from '@/lib/auth/current-session';
import { resendVerification } from '@/lib/auth/email-verification';
import { clearSessionCookie } from '@/lib/auth/session-cookie';
import { signOut } from '@/lib/auth/sign-out';
import { requestContext } from '@/lib/http/request-context';

export async function signOutAction() {
  const session = await getCurrentSession();
  if (session) await signOut({ sessionId: session.sessionId, userId: session.user.id, context: await requestContext() });
  await clearSessionCookie();
  redirect('/sign-in?signed-out=1');
}

export async function resendVerificationAction() {
  const session = await requireSession('/account');
  const result = await resendVerification(session.user.id, await requestContext());
  return result.ok ? { ok: true as const, message: 'We have sent a new confirmation link. It expires in 24 hours.' } : { ok: false as const, formError: result.message };
}
