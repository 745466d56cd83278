import 'server-only';
import { db } from '@/lib/db/client';
import { config } from '@/lib/config';
import { recordUserEvent } from '@/lib/audit/record';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import { queueEmail } from '@/lib/email/send';
import { runSoon, type QueuedJob } from '@/lib/jobs/queue';
import type { RequestContext } from '@/lib/http/request-context';
import type { CurrentSession } from '@/lib/auth/current-session';
import { consumeLimit, describeWait } from '@/lib/rate-limit/limiters';
import { removeAccessAddedSince } from '@/lib/auth/access-removal';
import { consumeLinkToken, issueLinkToken, TOKEN_TTL_SECONDS } from '@/lib/auth/verification-tokens';

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
  const queued = await db.$transaction(async (tx) => {
    await recordUserEvent(tx, 'user.email_change_requested', {
      userId,
      result: taken ? 'failure' : 'success',
      reason: taken ? 'email_taken' : undefined,
      sessionId: session.sessionId,
      context,
    });
    // A taken address gets no link, and the answer is the same: no one learns who has an account.
    if (taken) return [];
    const confirm = await issueLinkToken(tx, { purpose: 'email_change', email: newEmail, userId, payload: session.user.email });
    const report = await issueLinkToken(tx, { purpose: 'email_change_report', email: session.user.email, userId, payload: reportPayload(newEmail, new Date()) });
    const appUrl = config().appUrl;
    return [
      await queueEmail(tx, 'confirm_new_email', newEmail, { url: `${appUrl}/confirm-email-change?token=${confirm}` }, { userId }),
      await queueEmail(tx, 'email_change_notice', session.user.email, { newEmail, reportUrl: `${appUrl}/report-email-change?token=${report}` }, { userId }),
    ];
  });
  await runSoon(...queued);
  return { ok: true };
}

const LINK_ERRORS = {
  invalid: 'This confirmation link is not valid. Ask for the change again from your profile.',
  used: 'This confirmation link has already been used.',
  expired: 'This confirmation link has expired. Ask for the change again from your profile.',
} as const;

/**
 * What a "this was not me" link remembers: the address the change was to, and when it was asked
 * for, so a report can take back exactly what was added since (see reportEmailChange).
 */
type ReportPayload = { newEmail: string; requestedAt: string };

function reportPayload(newEmail: string, requestedAt: Date) {
  return JSON.stringify({ newEmail, requestedAt: requestedAt.toISOString() } satisfies ReportPayload);
}

function readReportPayload(payload: string | null): { newEmail: string | null; requestedAt: Date } {
  // A link from before this format names only the new address: take back everything its lifetime covers.
  const oldest = new Date(Date.now() - TOKEN_TTL_SECONDS.email_change_report * 1000);
  try {
    const parsed = JSON.parse(payload ?? '') as Partial<ReportPayload>;
    const at = new Date(parsed.requestedAt ?? '');
    return { newEmail: parsed.newEmail ?? null, requestedAt: Number.isNaN(at.getTime()) ? oldest : at };
  } catch {
    return { newEmail: payload, requestedAt: oldest };
  }
}

/**
 * The new address confirms: the change is made, and the old address is told, with a fresh
 * "this was not me" link. The first one (sent when the change was asked for) keeps working
 * too: reporting is most needed once the change has happened.
 */
export async function confirmEmailChange(token: string, context: RequestContext): Promise<{ ok: true; email: string } | { ok: false; message: string }> {
  type Confirmed = { ok: true; email: string; notice: QueuedJob } | { ok: false; message: string };
  const result = await db.$transaction(async (tx): Promise<Confirmed> => {
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
    // Pending links for the old address must not keep working, except the way to report the change.
    const report = await tx.verificationToken.findFirst({
      where: { userId: user.id, purpose: 'email_change_report', identifier: user.email, consumedAt: null },
      orderBy: { createdAt: 'desc' },
      select: { payload: true },
    });
    await tx.verificationToken.updateMany({ where: { userId: user.id, consumedAt: null, purpose: { not: 'email_change_report' } }, data: { consumedAt: new Date() } });
    const requestedAt = report ? readReportPayload(report.payload).requestedAt : new Date();
    const reportToken = await issueLinkToken(tx, {
      purpose: 'email_change_report',
      email: user.email,
      userId: user.id,
      payload: reportPayload(spent.email, requestedAt),
      keepEarlier: true,
    });
    await recordUserEvent(tx, 'user.email_changed', { userId: user.id, context });
    const notice = await queueEmail(
      tx,
      'email_changed_notice',
      user.email,
      { newEmail: spent.email, reportUrl: `${config().appUrl}/report-email-change?token=${reportToken}` },
      { userId: user.id },
    );
    return { ok: true, email: spent.email, notice };
  });
  if (!result.ok) return result;
  await runSoon(result.notice);
  return { ok: true, email: result.email };
}

export type ReportResult = { ok: true; restoredEmail: string | null } | { ok: false; message: string };

/**
 * "This was not me" from the old address, before or after the new one confirmed. The old
 * mailbox proves its owner, so in one transaction: the change is stopped or undone (the old
 * address back, confirmed), every session and every app's grant and token end, and the
 * passkeys, authenticator apps, recovery codes, linked accounts and password added since the
 * change was asked for are removed, with every pending link (ASVS 5.0 V6.3, "notify and allow
 * recovery from an unauthorised change of a recovery factor").
 */
export async function reportEmailChange(token: string, context: RequestContext): Promise<ReportResult> {
  return db.$transaction(async (tx): Promise<ReportResult> => {
    const spent = await consumeLinkToken(tx, 'email_change_report', token);
    if (!spent.ok) return { ok: false, message: 'This link is not valid any more. If you think someone else is using your account, reset your password.' };
    const user = await tx.user.findUnique({ where: { id: spent.userId ?? '' }, select: { id: true, email: true, status: true } });
    if (!user || user.status === 'erased') return { ok: false, message: 'This link is not valid any more. If you think someone else is using your account, reset your password.' };
    const oldEmail = spent.email;
    const { requestedAt } = readReportPayload(spent.payload);
    const changedAlready = user.email !== oldEmail;

    let restoredEmail: string | null = null;
    if (changedAlready) {
      // Someone may have signed up with the old address meanwhile; then it cannot come back here.
      const holder = await tx.user.findUnique({ where: { email: oldEmail }, select: { id: true } });
      if (!holder) {
        await tx.user.update({ where: { id: user.id }, data: { email: oldEmail, emailVerified: new Date() } });
        await emitWebhookEvent(tx, 'user.updated', { userId: user.id, changes: ['email', 'emailVerified'] });
        restoredEmail = oldEmail;
      }
    }
    const removed = await removeAccessAddedSince(tx, user.id, requestedAt, 'email_change_reported');
    await recordUserEvent(tx, 'user.email_change_reported', {
      userId: user.id,
      metadata: { changedAlready, restored: restoredEmail !== null, sessionsRevoked: removed.sessions, ...removed },
      context,
    });
    return { ok: true, restoredEmail };
  });
}
