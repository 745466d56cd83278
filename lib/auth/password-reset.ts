import 'server-only';
import { db } from '@/lib/db/client';
import { config } from '@/lib/config';
import { recordAudit, recordUserEvent, type AuditEventInput } from '@/lib/audit/record';
import { queueEmail } from '@/lib/email/send';
import { runSoon, type QueuedJob } from '@/lib/jobs/queue';
import type { RequestContext } from '@/lib/http/request-context';
import { consumeLimit, describeWait, resetLimit } from '@/lib/rate-limit/limiters';
import { continueSignIn, type SignInOutcome } from './sign-in-pipeline';
import { hashPassword, passwordProblem } from './passwords';
import { revokeUserSessions } from './sessions';
import { revokeAppTokensOf } from '@/lib/oidc/token-revocation';
import { checkLinkToken, consumeLinkToken, issueLinkToken } from './verification-tokens';
import { claimAddressOnFirstProof, type ProvingBrowser } from './unproven-account';

/** Emails a reset link if the account exists; the answer is the same either way. */
export async function requestPasswordReset(email: string, context: RequestContext): Promise<{ ok: true } | { ok: false; message: string }> {
  const limit = await consumeLimit('resetIp', context.ip);
  if (!limit.ok) return { ok: false, message: `Too many reset requests from your network. Try again in ${describeWait(limit.retryAfterSeconds)}.` };
  const perAddress = await consumeLimit('emailSendAddress', email);
  if (!perAddress.ok) return { ok: false, message: `Too many emails sent to this address. Try again in ${describeWait(perAddress.retryAfterSeconds)}.` };
  const user = await db.user.findUnique({ where: { email }, select: { id: true, status: true } });
  if (!user || user.status !== 'active') {
    await recordUserEvent(db, 'user.password_reset_requested', { userId: null, result: 'failure', reason: user ? `status_${user.status}` : 'unknown_email', context });
    return { ok: true };
  }
  await sendPasswordResetLink({ id: user.id, email }, { action: 'user.password_reset_requested', actor: { type: 'user', id: user.id }, context });
  return { ok: true };
}

/**
 * Issues a reset link and emails it, with the audit event in the token's transaction.
 * Shared by the customer's own request and support's "send a password reset".
 */
export async function sendPasswordResetLink(user: { id: string; email: string }, event: Pick<AuditEventInput, 'action' | 'actor' | 'sessionId' | 'context'>) {
  const queued = await db.$transaction(async (tx) => {
    const token = await issueLinkToken(tx, { purpose: 'password_reset', email: user.email, userId: user.id });
    await recordAudit(tx, { ...event, target: { type: 'user', id: user.id } });
    return queueEmail(tx, 'password_reset', user.email, { url: `${config().appUrl}/reset-password/new?token=${token}` }, { userId: user.id });
  });
  await runSoon(queued);
}

export type ResetResult =
  | { ok: true; outcome: SignInOutcome }
  | { ok: false; fieldErrors?: Record<string, string>; message?: string };

const LINK_ERRORS = {
  invalid: 'This reset link is not valid. Request a new one.',
  used: 'This reset link has already been used. Request a new one if you still need to reset your password.',
  expired: 'This reset link has expired. Request a new one.',
} as const;

/**
 * Sets the new password, signs this browser in, and revokes every other session:
 * whoever knew the old password is out (ASVS 2.5.x, NIST 800-63B §6.1.2.3).
 */
export async function resetPassword(token: string, newPassword: string, context: RequestContext, browser?: ProvingBrowser): Promise<ResetResult> {
  // Every check that costs nothing comes before the argon2 hash, so a stream of forged
  // links cannot buy hashing work; the transaction below still spends the token atomically.
  const limit = await consumeLimit('passwordChangeIp', context.ip);
  if (!limit.ok) return { ok: false, message: `Too many password changes from your network. Try again in ${describeWait(limit.retryAfterSeconds)}.` };
  const usable = await checkLinkToken(db, 'password_reset', token);
  if (!usable.ok) return { ok: false, message: LINK_ERRORS[usable.error] };
  const problem = passwordProblem(newPassword);
  if (problem) return { ok: false, fieldErrors: { password: problem } };
  const hash = await hashPassword(newPassword);
  const result = await db.$transaction(async (tx): Promise<ResetResult & { email?: string; notice?: QueuedJob }> => {
    const spent = await consumeLinkToken(tx, 'password_reset', token);
    if (!spent.ok) return { ok: false, message: LINK_ERRORS[spent.error] };
    const user = await tx.user.findUnique({ where: { id: spent.userId ?? '' } });
    if (!user || user.email !== spent.email || user.status !== 'active') return { ok: false, message: LINK_ERRORS.invalid };
    // Before the new password is stored: on a never-confirmed address, whatever was set up before this proof goes.
    await claimAddressOnFirstProof(tx, { userId: user.id, proof: 'password_reset', browser, context });
    await tx.passwordCredential.upsert({ where: { userId: user.id }, create: { userId: user.id, hash }, update: { hash } });
    const revoked = await revokeUserSessions(tx, user.id, 'password_reset');
    await revokeAppTokensOf(tx, user.id);
    await recordUserEvent(tx, 'user.password_reset', {
      userId: user.id,
      metadata: { sessionsRevoked: revoked.count },
      context,
    });
    const outcome = await continueSignIn(tx, { userId: user.id, methods: ['magic_link', 'password'], context });
    const notice = await queueEmail(tx, 'password_changed', user.email, { when: new Date().toUTCString() }, { userId: user.id });
    return { ok: true, outcome, email: user.email, notice };
  });
  if (result.ok && result.email) {
    await resetLimit('signInEmail', result.email);
    await runSoon(result.notice);
  }
  if (!result.ok) return result;
  return { ok: true, outcome: result.outcome };
}
