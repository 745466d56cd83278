import 'server-only';
import { db } from '@/lib/db/client';
import { config } from '@/lib/config';
import { recordUserEvent } from '@/lib/audit/record';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import { sendEmail } from '@/lib/email/send';
import type { RequestContext } from '@/lib/http/request-context';
import type { CurrentSession } from '@/lib/auth/current-session';
import { consumeLimit, describeWait } from '@/lib/rate-limit/limiters';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { revokeAppTokensOf } from '@/lib/oidc/token-revocation';
import { consumeLinkToken, issueLinkToken } from '@/lib/auth/verification-tokens';

export type EmailChangeResult = { ok: true } | { ok: false; fieldErrors?: Record<string, string>; formError?: string };

/**
 * Starts an email change: the new address must confirm by link before it replaces
 * the old one, and the old address is told, with a way to stop it.
 */
export async function requestEmailChange(session: CurrentSession, newEmail: string, context: RequestContext): Promise<EmailChangeResult> {
  if (newEmail === session.user.email) return { ok: false, fieldErrors: { email: 'That is already your email address.' } };
  const limit = await consumeLimit('emailSendAddress', session.user.email);
  if (!limit.ok) return { ok: false, formError: `Too many emails requested. Try again in ${describeWait(limit.retryAfterSeconds)}.` };
  const userId = session.user.id;
  const taken = await db.user.findUnique({ where: { email: newEmail }, select: { id: true } });
  const tokens = await db.$transaction(async (tx) => {
    await recordUserEvent(tx, 'user.email_change_requested', {
      userId,
      result: taken ? 'failure' : 'success',
      reason: taken ? 'email_taken' : undefined,
      sessionId: session.sessionId,
      context,
    });
    // A taken address gets no link, and the answer is the same: no one learns who has an account.
    if (taken) return null;
    const confirm = await issueLinkToken(tx, { purpose: 'email_change', email: newEmail, userId, payload: session.user.email });
    const report = await issueLinkToken(tx, { purpose: 'email_change_report', email: session.user.email, userId, payload: newEmail });
    return { confirm, report };
  });
  if (tokens) {
    const appUrl = config().appUrl;
    await sendEmail('confirm_new_email', newEmail, { url: `${appUrl}/confirm-email-change?token=${tokens.confirm}` });
    await sendEmail('email_change_notice', session.user.email, { newEmail, reportUrl: `${appUrl}/report-email-change?token=${tokens.report}` });
  }
  return { ok: true };
}

const LINK_ERRORS = {
  invalid: 'This confirmation link is not valid. Ask for the change again from your profile.',
  used: 'This confirmation link has already been used.',
  expired: 'This confirmation link has expired. Ask for the change again from your profile.',
} as const;

export async function confirmEmailChange(token: string, context: RequestContext): Promise<{ ok: true; email: string } | { ok: false; message: string }> {
  return db.$transaction(async (tx) => {
    const spent = await consumeLinkToken(tx, 'email_change', token);
    if (!spent.ok) return { ok: false, message: LINK_ERRORS[spent.error] };
    const user = await tx.user.findUnique({ where: { id: spent.userId ?? '' } });
    // The change was asked for from the address it still has; anything else means it was overtaken.
    if (!user || user.email !== spent.payload || user.status !== 'active') return { ok: false, message: LINK_ERRORS.invalid };
    if (await tx.user.findUnique({ where: { email: spent.email }, select: { id: true } })) {
      return { ok: false, message: 'That address is now used by another account. Choose a different one.' };
    }
    await tx.user.update({ where: { id: user.id }, data: { email: spent.email, emailVerified: new Date() } });
    await emitWebhookEvent(tx, 'user.updated', { userId: user.id, changes: ['email', 'emailVerified'] });
    // Pending links for the old address must not keep working.
    await tx.verificationToken.updateMany({ where: { userId: user.id, consumedAt: null }, data: { consumedAt: new Date() } });
    await recordUserEvent(tx, 'user.email_changed', { userId: user.id, context });
    return { ok: true, email: spent.email };
  });
}

/** "This was not me" from the old address: stops the change and signs every device out. */
export async function reportEmailChange(token: string, context: RequestContext): Promise<{ ok: true } | { ok: false; message: string }> {
  return db.$transaction(async (tx) => {
    const spent = await consumeLinkToken(tx, 'email_change_report', token);
    if (!spent.ok) return { ok: false, message: 'This link is not valid any more. If you think someone else is using your account, reset your password.' };
    const userId = spent.userId ?? '';
    await tx.verificationToken.updateMany({ where: { userId, purpose: 'email_change', consumedAt: null }, data: { consumedAt: new Date() } });
    const revoked = await revokeUserSessions(tx, userId, 'email_change_reported');
    await revokeAppTokensOf(tx, userId);
    await recordUserEvent(tx, 'user.email_change_reported', {
      userId,
      metadata: { sessionsRevoked: revoked.count, changedAlready: spent.email !== (await tx.user.findUnique({ where: { id: userId }, select: { email: true } }))?.email },
      context,
    });
    return { ok: true };
  });
}
