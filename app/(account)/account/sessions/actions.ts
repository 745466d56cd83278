'use server';

import { redirect } from 'next/navigation';
import { requireAgreedSession } from '@/lib/auth/current-session';
import { revokeOtherSessions, revokeOwnSession } from '@/lib/auth/devices';
import { clearSessionCookie } from '@/lib/auth/session-cookie';
import { requestContext } from '@/lib/http/request-context';

export async function revokeSessionAction(sessionId: string) {
  const session = await requireAgreedSession('/account/sessions');
  const result = await revokeOwnSession({ userId: session.user.id, sessionId: String(sessionId), currentSessionId: session.sessionId, context: await requestContext() });
  if (result.ok && sessionId === session.sessionId) {
    await clearSessionCookie();
    redirect('/sign-in');
  }
  return result.ok ? { ok: true as const, message: 'That device is signed out.' } : result;
}

export async function revokeOtherSessionsAction() {
  const session = await requireAgreedSession('/account/sessions');
  const result = await revokeOtherSessions({ userId: session.user.id, currentSessionId: session.sessionId, context: await requestContext() });
  return { ok: true as const, message: result.count === 1 ? 'One other device is signed out.' : `${result.count} other devices are signed out.` };
}
