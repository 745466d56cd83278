import 'server-only';
import { db } from '@/lib/db/client';
import { config } from '@/lib/config';
import { recordAudit, recordUserEvent, type AuditEventInput } from '@/lib/audit/record';
import { auditedAs, type ClientActor, type UserActor } from '@/lib/audit/actor';
import { emitWebhookEvent } from '@/lib/webhooks/emit';
import { mayActOn } from '@/lib/rbac/hierarchy';
import { isLastActiveAdministrator } from '@/lib/rbac/assignments';
import { queueEmail } from '@/lib/email/send';
import { runSoon } from '@/lib/jobs/queue';
import type { RequestContext } from '@/lib/http/request-context';
import { revokeUserSessions } from '@/lib/auth/sessions';
import { continueSignIn, restoredAttempt, type SignInOutcome } from '@/lib/auth/sign-in-pipeline';
import { consumeLinkToken, peekLinkToken } from '@/lib/auth/verification-tokens';

/**
 * Closes the account at once (every session revoked) and schedules its erasure after the
 * grace period, recorded as an erasure request the compliance queue sees. Asked for by the
 * person themself, or by a machine client through the management API (customers only).
 */
export async function scheduleAccountDeletion(user: { id: string; email: string }, by: UserActor | ClientActor): Promise<DeletionScheduled> {
  const reach = await mayActOn(db, by, user.id);
  if (!reach.ok) return { ok: false, formError: reach.error };
  return closeForDeletion(user, { source: by.type === 'client' ? 'api' : 'self_service', audit: auditedAs(by) });
}

export type DeletionScheduled = { ok: true; erasesAt: Date } | { ok: false; formError: string };

const LAST_ADMIN = 'You are the last active administrator, so your account cannot be closed: nobody would be left to manage the console. Make someone else an administrator first.';

async function closeForDeletion(
  user: { id: string; email: string },
  how: { source: 'self_service' | 'api'; audit: Pick<AuditEventInput, 'actor' | 'sessionId' | 'context'> },
): Promise<DeletionScheduled> {
  const userId = user.id;
  const erasesAt = new Date(Date.now() + config().deletionGraceDays * 24 * 60 * 60 * 1000);
  const closed = await db.$transaction(async (tx) => {
    // A closing account is no longer an active administrator: the same count as suspension and erasure.
    if (await isLastActiveAdministrator(tx, userId)) return null;
    await tx.user.update({ where: { id: userId }, data: { status: 'pending_deletion', deletionScheduledAt: erasesAt } });
    await emitWebhookEvent(tx, 'user.updated', { userId, changes: ['status'], status: 'pending_deletion' });
    await revokeUserSessions(tx, userId, 'account_deleted');
    await tx.dataSubjectRequest.create({
      data: { userId, subjectEmail: user.email, type: 'erasure', status: 'open', source: how.source, dueAt: erasesAt },
    });
    await recordAudit(tx, {
      action: 'user.deletion_requested',
      ...how.audit,
      target: { type: 'user', id: userId },
      metadata: { erasesAt: erasesAt.toISOString() },
    });
    return queueEmail(tx, 'deletion_scheduled', user.email, { date: formatDate(erasesAt), signInUrl: `${config().appUrl}/sign-in` }, { userId });
  });
  if (!closed) return { ok: false, formError: LAST_ADMIN };
  await runSoon(closed);
  return { ok: true, erasesAt };
}

export function formatDate(date: Date) {
  return date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** When the account behind a restore link will be erased, for the restore page. */
export async function restoreOffer(token: string) {
  const peeked = await peekLinkToken(db, 'account_restore', token);
  if (!peeked?.userId) return null;
  const user = await db.user.findUnique({ where: { id: peeked.userId }, select: { status: true, deletionScheduledAt: true } });
  return user?.status === 'pending_deletion' && user.deletionScheduledAt ? { erasesOn: formatDate(user.deletionScheduledAt) } : null;
}

/**
 * Cancels a scheduled deletion: the owner finished the whole sign-in (first factor and,
 * when the account has one, the second; the link is issued only after both) and chose to
 * keep the account. The session then starts from the sign-in the link remembers.
 */
export async function restoreAccount(token: string, context: RequestContext): Promise<{ ok: true; outcome: SignInOutcome } | { ok: false; message: string }> {
  return db.$transaction(async (tx) => {
    const spent = await consumeLinkToken(tx, 'account_restore', token);
    if (!spent.ok) return { ok: false, message: 'This restore link has expired or was already used. Sign in again to restore your account.' };
    const user = await tx.user.findUnique({ where: { id: spent.userId ?? '' } });
    if (!user || user.status !== 'pending_deletion') return { ok: false, message: 'This account cannot be restored. Contact support.' };
    await tx.user.update({ where: { id: user.id }, data: { status: 'active', deletionScheduledAt: null } });
    await emitWebhookEvent(tx, 'user.updated', { userId: user.id, changes: ['status'], status: 'active' });
    await tx.dataSubjectRequest.updateMany({
      where: { userId: user.id, type: 'erasure', status: { in: ['open', 'in_progress'] } },
      data: { status: 'rejected', completedAt: new Date(), evidence: JSON.stringify({ reason: 'withdrawn by the customer' }) },
    });
    await recordUserEvent(tx, 'user.deletion_cancelled', { userId: user.id, context });
    const { methods, verifiedEmail } = restoredAttempt(spent.payload);
    return { ok: true, outcome: await continueSignIn(tx, { userId: user.id, methods, context, verifiedEmail }) };
  });
}
