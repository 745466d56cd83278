import 'server-only';
import { db } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { queueEmail } from '@/lib/email/send';
import { runSoon } from '@/lib/jobs/queue';
import type { RequestContext } from '@/lib/http/request-context';
import { consumeLimit, describeWait } from '@/lib/rate-limit/limiters';
import type { CurrentSession } from './current-session';
import { hashPassword, passwordProblem } from './passwords';
import { revokeUserSessions } from './sessions';
import { revokeAppTokensOf } from '@/lib/oidc/token-revocation';
import { lockSignInMethods, signInMethodsOf, waysInWithout } from './sign-in-methods';

export type PasswordChangeResult = { ok: true } | { ok: false; fieldErrors?: Record<string, string>; formError?: string };

/**
 * Sets or changes the password, then signs out every other device: whoever knew
 * the old one is out (ASVS 4.0 §3.3.3, offer/force session termination on change).
 */
export async function setPassword(session: CurrentSession, password: string, context: RequestContext): Promise<PasswordChangeResult> {
  const problem = passwordProblem(password);
  if (problem) return { ok: false, fieldErrors: { password: problem } };
  // A signed-in person can still be a script: the network pays for argon2 work.
  const limit = await consumeLimit('passwordChangeIp', context.ip);
  if (!limit.ok) return { ok: false, formError: `Too many password changes from your network. Try again in ${describeWait(limit.retryAfterSeconds)}.` };
  const hash = await hashPassword(password);
  const userId = session.user.id;
  const notice = await db.$transaction(async (tx) => {
    const existing = await tx.passwordCredential.findUnique({ where: { userId }, select: { userId: true } });
    await tx.passwordCredential.upsert({ where: { userId }, create: { userId, hash }, update: { hash } });
    const revoked = await revokeUserSessions(tx, userId, 'password_changed', session.sessionId);
    await revokeAppTokensOf(tx, userId);
    await recordUserEvent(tx, existing ? 'user.password_changed' : 'user.password_set', {
      userId,
      sessionId: session.sessionId,
      metadata: { otherSessionsRevoked: revoked.count },
      context,
    });
    // Only a change is news to the owner: setting a first password was their own act, just now.
    return existing ? queueEmail(tx, 'password_changed', session.user.email, { when: new Date().toUTCString() }, { userId }) : null;
  });
  await runSoon(notice);
  return { ok: true };
}

/** Goes passwordless, but never removes the last way in. */
export async function removePassword(session: CurrentSession, context: RequestContext): Promise<PasswordChangeResult> {
  const userId = session.user.id;
  return db.$transaction(async (tx) => {
    await lockSignInMethods(tx, userId);
    const methods = await signInMethodsOf(tx, userId);
    if (!methods.password) return { ok: false, formError: 'You do not have a password.' };
    if (waysInWithout(methods, 'password') < 1) {
      return { ok: false, formError: 'You cannot remove your password yet: confirm your email address or add a passkey first, so you can still sign in.' };
    }
    await tx.passwordCredential.delete({ where: { userId } });
    await recordUserEvent(tx, 'user.password_removed', { userId, sessionId: session.sessionId, context });
    return { ok: true };
  });
}
