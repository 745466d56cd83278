'use server';

import { redirect } from 'next/navigation';
import { userActor } from '@/lib/audit/actor';
import { requireAgreedSession } from '@/lib/auth/current-session';
import { revokeOtherSessions, revokeSessionOf } from '@/lib/auth/devices';
import { clearSessionCookie } from '@/lib/auth/session-cookie';
import { requestContext } from '@/lib/http/request-context';

export async function revokeSessionAction(sessionId: unknown) {
  const session = await requireAgreedSession('/account/sessions');
  if (typeof sessionId !== 'string' || sessionId.length > 64) return { ok: false as const, formError: 'That session was not found.' };
  const result = await revokeSessionOf(session.user.id, sessionId, userActor(session, await requestContext()));
  if (!result.ok) return { ok: false as const, formError: result.error };
  if (sessionId === session.sessionId) {
    await clearSessionCookie();
    redirect('/sign-in');
  }
  return { ok: true as const, message: 'That device is signed out.' };
}

export async function revokeOtherSessionsAction() {
  const session = await requireAgreedSession('/account/sessions');
  const result = await revokeOtherSessions(userActor(session, await requestContext()));
  return { ok: true as const, message: result.count === 1 ? 'One other device is signed out.' : `${result.count} other devices are signed out.` };
}
