import 'server-only';
import { db } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { consumeLimit, describeWait } from '@/lib/rate-limit/limiters';
import { revokeUserSessions } from '../sessions';
import { revokeAppTokensOf } from '@/lib/oidc/token-revocation';
import { replaceRecoveryCodes } from './recovery-codes';
import { checkTotpCode, describeTotpForApp, findConfirmedTotp, newEncryptedTotpSecret } from './totp';
import type { UserActor } from '@/lib/audit/actor';

/** An app added but not confirmed within this time is set up again from the start. */
const PENDING_SETUP_SECONDS = 30 * 60;


export type TwoStepStatus = { enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number };

export async function twoStepStatus(userId: string): Promise<TwoStepStatus> {
  const [factor, recoveryCodesLeft] = await Promise.all([
    findConfirmedTotp(db, userId),
    db.recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { enabled: Boolean(factor), enabledAt: factor?.confirmedAt ?? null, recoveryCodesLeft };
}

function findPendingTotp(userId: string) {
  return db.mfaFactor.findFirst({
    where: { userId, type: 'totp', confirmedAt: null, createdAt: { gt: new Date(Date.now() - PENDING_SETUP_SECONDS * 1000) } },
    orderBy: { createdAt: 'desc' },
    include: { user: { select: { email: true } } },
  });
}

/**
 * Step one of setting up an authenticator app: a new secret, not yet active. Any
 * earlier unfinished setup is discarded, so only the newest QR code can be confirmed.
 */
export async function startTotpEnrolment(userId: string): Promise<{ ok: true } | { ok: false; error: 'already_enabled'; message: string }> {
  return db.$transaction(async (tx) => {
    if (await findConfirmedTotp(tx, userId)) {
      return { ok: false, error: 'already_enabled', message: 'Two-step verification is already on.' };
    }
    await tx.mfaFactor.deleteMany({ where: { userId, confirmedAt: null } });
    await tx.mfaFactor.create({ data: { userId, type: 'totp', secretEncrypted: newEncryptedTotpSecret(userId), label: 'Authenticator app' } });
    return { ok: true };
  });
}

/** The QR code and key of the setup in progress, or null if there is none (or it is too old). */
export async function pendingTotpSetup(userId: string) {
  const pending = await findPendingTotp(userId);
  return pending ? describeTotpForApp(pending, pending.user.email) : null;
}

export type ConfirmEnrolmentResult =
  | { ok: true; recoveryCodes: string[] }
  | { ok: false; error: 'no_setup' | 'already_enabled' | 'wrong_code' | 'rate_limited'; message: string };

/**
 * Step two: the code the app shows proves it holds the secret. Only then is the
 * factor active, and the first recovery codes are issued with it.
 */
export async function confirmTotpEnrolment(actor: UserActor, code: string): Promise<ConfirmEnrolmentResult> {
  const limit = await consumeLimit('codeIp', actor.context.ip);
  if (!limit.ok) return { ok: false, error: 'rate_limited', message: `Too many codes tried from your network. Try again in ${describeWait(limit.retryAfterSeconds)}.` };
  const pending = await findPendingTotp(actor.id);
  if (!pending) return { ok: false, error: 'no_setup', message: 'This setup has expired. Start again to get a new QR code.' };
  return db.$transaction(async (tx): Promise<ConfirmEnrolmentResult> => {
    if (await findConfirmedTotp(tx, actor.id)) {
      return { ok: false, error: 'already_enabled', message: 'Two-step verification is already on.' };
    }
    if ((await checkTotpCode(tx, pending, code)) !== 'accepted') {
      return { ok: false, error: 'wrong_code', message: 'That code does not match. Enter the 6-digit code your app shows now.' };
    }
    const confirmed = await tx.mfaFactor.updateMany({ where: { id: pending.id, confirmedAt: null }, data: { confirmedAt: new Date() } });
    if (confirmed.count !== 1) return { ok: false, error: 'already_enabled', message: 'Two-step verification is already on.' };
    const recoveryCodes = await replaceRecoveryCodes(tx, actor.id);
    // Sessions that began with one factor end, so the account is two-step everywhere
    // from now on (ASVS 4.0 §3.3.3: end other sessions after an authentication change).
    const revoked = await revokeUserSessions(tx, actor.id, 'mfa_enabled', actor.sessionId);
    await revokeAppTokensOf(tx, actor.id);
    const who = { userId: actor.id, sessionId: actor.sessionId, context: actor.context };
    await recordUserEvent(tx, 'user.mfa_enabled', { ...who, metadata: { factor: 'totp', otherSessionsRevoked: revoked.count } });
    await recordUserEvent(tx, 'user.recovery_codes_generated', { ...who, metadata: { count: recoveryCodes.length, reason: 'mfa_enabled' } });
    return { ok: true, recoveryCodes };
  });
}

/** Turns two-step verification off: the app's secret and every recovery code are deleted. */
export async function disableTwoStep(actor: UserActor): Promise<{ ok: true } | { ok: false; error: 'not_enabled'; message: string }> {
  return db.$transaction(async (tx) => {
    const removed = await tx.mfaFactor.deleteMany({ where: { userId: actor.id, confirmedAt: { not: null } } });
    if (removed.count === 0) return { ok: false, error: 'not_enabled', message: 'Two-step verification is already off.' };
    await tx.mfaFactor.deleteMany({ where: { userId: actor.id } });
    await tx.recoveryCode.deleteMany({ where: { userId: actor.id } });
    await recordUserEvent(tx, 'user.mfa_disabled', {
      userId: actor.id,
      sessionId: actor.sessionId,
      metadata: { factor: 'totp' },
      context: actor.context,
    });
    return { ok: true };
  });
}
