import 'server-only';
import { db } from '@/lib/db/client';
import { config } from '@/lib/config';
import { recordAudit, recordUserEvent, type AuditEventInput } from '@/lib/audit/record';
import { queueEmail } from '@/lib/email/send';
import { runSoon } from '@/lib/jobs/queue';
import type { RequestContext } from '@/lib/http/request-context';
import { safeRedirect } from '@/lib/http/safe-redirect';
import { consumeLimit, describeWait } from '@/lib/rate-limit/limiters';
import { canAttemptSignIn, continueSignIn, type SignInOutcome } from './sign-in-pipeline';
import { consumeLinkToken, issueLinkToken } from './verification-tokens';
import { claimAddressOnFirstProof, type ProvingBrowser } from './unproven-account';

export type VerifyEmailResult =
  | { ok: true; next: string; outcome: SignInOutcome | null }
  | { ok: false; message: string };

const ERRORS = {
  invalid: 'This confirmation link is not valid. Sign in and send a new one from your account.',
  used: 'This confirmation link has already been used. If your email is not confirmed yet, send a new link from your account.',
  expired: 'This confirmation link has expired. Sign in and send a new one from your account.',
} as const;

/**
 * Confirms the address and, unless this browser is already signed in as the same
 * person, signs them in: following the link proves they own the mailbox. On an address
 * never confirmed before, a link opened outside the browser that signed up also removes
 * whatever was set up before it (lib/auth/unproven-account.ts).
 */
export async function verifyEmail(token: string, currentUserId: string | null, context: RequestContext, browser: Omit<ProvingBrowser, 'signedInUserId'> = {}): Promise<VerifyEmailResult> {
  return db.$transaction(async (tx) => {
    const spent = await consumeLinkToken(tx, 'email_verify', token);
    if (!spent.ok) return { ok: false, message: ERRORS[spent.error] };
    const user = await tx.user.findUnique({ where: { id: spent.userId ?? '' } });
    // The address may have changed since the link was sent; then the link is void.
    if (!user || user.email !== spent.email) return { ok: false, message: ERRORS.invalid };
    if (!canAttemptSignIn(user.status)) return { ok: false, message: 'This account is not active. Contact support if you think this is a mistake.' };
    await claimAddressOnFirstProof(tx, { userId: user.id, proof: 'email_verify', browser: { ...browser, signedInUserId: currentUserId }, context });
    await recordUserEvent(tx, 'user.email_verified', { userId: user.id, context });
    const outcome = currentUserId === user.id ? null : await continueSignIn(tx, { userId: user.id, methods: ['magic_link'], context });
    return { ok: true, next: safeRedirect(spent.payload), outcome };
  });
}

/** Sends a fresh confirmation link to a signed-in user whose address is not yet confirmed. */
export async function resendVerification(userId: string, context: RequestContext): Promise<{ ok: true } | { ok: false; message: string }> {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId } });
  if (user.emailVerified) return { ok: false, message: 'Your email address is already confirmed.' };
  return sendVerificationLink(user, { action: 'user.verification_sent', actor: { type: 'user', id: user.id }, context });
}

/**
 * Issues a confirmation link and emails it, with the audit event in the token's
 * transaction. Shared by the customer's own resend and support's resend.
 */
export async function sendVerificationLink(
  user: { id: string; email: string },
  event: Pick<AuditEventInput, 'action' | 'actor' | 'sessionId' | 'context'>,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const limit = await consumeLimit('emailSendAddress', user.email);
  if (!limit.ok) return { ok: false, message: `Too many emails sent to this address. Try again in ${describeWait(limit.retryAfterSeconds)}.` };
  const queued = await db.$transaction(async (tx) => {
    const token = await issueLinkToken(tx, { purpose: 'email_verify', email: user.email, userId: user.id, payload: '/account' });
    await recordAudit(tx, { ...event, target: { type: 'user', id: user.id } });
    return queueEmail(tx, 'verify_email', user.email, { url: `${config().appUrl}/verify-email?token=${token}` }, { userId: user.id });
  });
  await runSoon(queued);
  return { ok: true };
}
