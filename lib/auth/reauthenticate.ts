import 'server-only';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { sendEmail } from '@/lib/email/send';
import type { RequestContext } from '@/lib/http/request-context';
import { consumeLimit, describeWait, isLimited, resetLimit } from '@/lib/rate-limit/limiters';
import type { CurrentSession } from './current-session';
import { EMAIL_CODE_ERROR } from './email-sign-in';
import { verifyPassword } from './passwords';
import { recordReauthentication } from './step-up';
import { consumeEmailCode, issueEmailCode } from './verification-tokens';

export type ReauthResult = { ok: true } | { ok: false; message: string };

/** Step-up by password; failures count toward the same lockout as sign-in. */
export async function reauthenticateWithPassword(session: CurrentSession, password: string, context: RequestContext): Promise<ReauthResult> {
  const email = session.user.email;
  const locked = await isLimited('signInEmail', email);
  if (!locked.ok) return { ok: false, message: `Too many failed attempts. Try again in ${describeWait(locked.retryAfterSeconds)}, or confirm with an emailed code.` };
  const credential = await db.passwordCredential.findUnique({ where: { userId: session.user.id } });
  if (!credential || !(await verifyPassword(credential.hash, password))) {
    const counted = await consumeLimit('signInEmail', email);
    await recordAudit(db, { action: 'user.step_up', result: 'failure', reason: 'wrong_password', actor: { type: 'user', id: session.user.id }, target: { type: 'user', id: session.user.id }, sessionId: session.sessionId, context });
    return { ok: false, message: counted.ok ? 'That password is not right.' : `Too many failed attempts. Try again in ${describeWait(counted.retryAfterSeconds)}, or confirm with an emailed code.` };
  }
  await resetLimit('signInEmail', email);
  await db.$transaction((tx) => recordReauthentication(tx, { sessionId: session.sessionId, userId: session.user.id, method: 'password', context }));
  return { ok: true };
}

export async function sendStepUpCode(session: CurrentSession, context: RequestContext): Promise<ReauthResult> {
  const limit = await consumeLimit('emailSendAddress', session.user.email);
  if (!limit.ok) return { ok: false, message: `Too many emails sent to your address. Try again in ${describeWait(limit.retryAfterSeconds)}.` };
  const code = await db.$transaction(async (tx) => {
    const issued = await issueEmailCode(tx, { email: session.user.email, userId: session.user.id });
    await recordAudit(tx, { action: 'user.email_code_sent', actor: { type: 'user', id: session.user.id }, target: { type: 'user', id: session.user.id }, metadata: { purpose: 'step_up' }, context });
    return issued;
  });
  await sendEmail('email_code', session.user.email, { code });
  return { ok: true };
}

export async function reauthenticateWithEmailCode(session: CurrentSession, code: string, context: RequestContext): Promise<ReauthResult> {
  return db.$transaction(async (tx) => {
    const result = await consumeEmailCode(tx, session.user.email, code);
    if (!result.ok || result.userId !== session.user.id) {
      await recordAudit(tx, { action: 'user.step_up', result: 'failure', reason: 'wrong_code', actor: { type: 'user', id: session.user.id }, target: { type: 'user', id: session.user.id }, sessionId: session.sessionId, context });
      return { ok: false, message: EMAIL_CODE_ERROR };
    }
    await recordReauthentication(tx, { sessionId: session.sessionId, userId: session.user.id, method: 'email_code', context });
    return { ok: true };
  });
}
