import 'server-only';
import { db } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { queueEmail } from '@/lib/email/send';
import { runSoon } from '@/lib/jobs/queue';
import type { RequestContext } from '@/lib/http/request-context';
import { config } from '@/lib/config';
import { consumeAttempt, consumeLimit, describeWait, rewardLimit } from '@/lib/rate-limit/limiters';
import type { CurrentSession } from './current-session';
import { EMAIL_CODE_ERROR } from './email-sign-in';
import { clearPasswordFailures, lockPasswordAttempts, takePasswordAttempt } from './password-attempts';
import { burnPasswordCheck, verifyPassword } from './passwords';
import { recordReauthentication } from './step-up';
import { checkEmailCodeGuess, issueEmailCode, spendEmailCode } from './verification-tokens';
import { proveSecondFactor, type SecondFactorProof } from './mfa/second-factor';
import { findConfirmedTotp } from './mfa/totp';
import { hasPasskeys } from './passkeys/manage';

/**
 * Which ways a person may confirm it is them. With two-step verification on, a single
 * knowledge or email factor would be weaker than their sign-in, so step-up then takes
 * the authenticator app (or a recovery code) or a passkey (NIST SP 800-63B §4.2.3:
 * reauthentication at the same assurance level).
 */
export async function stepUpOptions(userId: string) {
  const [factor, passkeys, password] = await Promise.all([
    findConfirmedTotp(db, userId),
    hasPasskeys(userId),
    db.passwordCredential.findUnique({ where: { userId }, select: { userId: true } }),
  ]);
  const twoStep = !!factor;
  return { passkey: passkeys, authenticator: twoStep, password: !twoStep && !!password, emailCode: !twoStep };
}

const TWO_STEP_REQUIRED = 'Two-step verification is on: confirm with your authenticator app, a recovery code or a passkey.';

export type ReauthResult = { ok: true } | { ok: false; message: string };

const LOCKED = (seconds: number) => `Too many failed attempts. Try again in ${describeWait(seconds)}, or confirm with an emailed code.`;

/**
 * Step-up by password. Failures count toward the same lockout as sign-in, and the
 * attempt is taken before the argon2 check, so parallel guesses cannot outrun it.
 */
export async function reauthenticateWithPassword(session: CurrentSession, password: string, context: RequestContext): Promise<ReauthResult> {
  if (!(await stepUpOptions(session.user.id)).password) return { ok: false, message: TWO_STEP_REQUIRED };
  const ip = await consumeLimit('signInIp', context.ip);
  if (!ip.ok) return { ok: false, message: `Too many attempts from your network. Try again in ${describeWait(ip.retryAfterSeconds)}.` };
  const email = session.user.email;
  const attempt = await takePasswordAttempt(email);
  if (!attempt.ok) return { ok: false, message: LOCKED(attempt.retryAfterSeconds) };
  const credential = await db.passwordCredential.findUnique({ where: { userId: session.user.id } });
  const matches = credential ? await verifyPassword(credential.hash, password) : await burnPasswordCheck(password);
  if (!matches) {
    if (attempt.last) await lockPasswordAttempts(email);
    await recordUserEvent(db, 'user.step_up', { userId: session.user.id, result: 'failure', reason: 'wrong_password', sessionId: session.sessionId, context });
    return { ok: false, message: attempt.last ? LOCKED(config().lockout.durationSeconds) : 'That password is not right.' };
  }
  await clearPasswordFailures(email);
  await db.$transaction((tx) => recordReauthentication(tx, { sessionId: session.sessionId, userId: session.user.id, method: 'password', context }));
  return { ok: true };
}

export async function sendStepUpCode(session: CurrentSession, context: RequestContext): Promise<ReauthResult> {
  if (!(await stepUpOptions(session.user.id)).emailCode) return { ok: false, message: TWO_STEP_REQUIRED };
  const limit = await consumeLimit('emailSendAddress', session.user.email);
  if (!limit.ok) return { ok: false, message: `Too many emails sent to your address. Try again in ${describeWait(limit.retryAfterSeconds)}.` };
  const queued = await db.$transaction(async (tx) => {
    const code = await issueEmailCode(tx, { email: session.user.email, userId: session.user.id });
    await recordUserEvent(tx, 'user.email_code_sent', { userId: session.user.id, metadata: { purpose: 'step_up' }, context });
    return queueEmail(tx, 'email_code', session.user.email, { code }, { userId: session.user.id });
  });
  await runSoon(queued);
  return { ok: true };
}

/** Step-up with an emailed code: the code's own attempt counter (counted before the comparison) and the network's code limit. */
export async function reauthenticateWithEmailCode(session: CurrentSession, code: string, context: RequestContext): Promise<ReauthResult> {
  if (!(await stepUpOptions(session.user.id)).emailCode) return { ok: false, message: TWO_STEP_REQUIRED };
  const ip = await consumeLimit('codeIp', context.ip);
  if (!ip.ok) return { ok: false, message: TOO_MANY_FROM_NETWORK(ip.retryAfterSeconds) };
  const result = await checkEmailCodeGuess(db, session.user.email, code);
  return db.$transaction(async (tx) => {
    if (!result.ok || result.userId !== session.user.id || !(await spendEmailCode(tx, result.id))) {
      const reason = !result.ok && result.error === 'no_code' ? 'no_code' : 'wrong_code';
      await recordUserEvent(tx, 'user.step_up', { userId: session.user.id, result: 'failure', reason, sessionId: session.sessionId, context });
      return { ok: false, message: EMAIL_CODE_ERROR };
    }
    await recordReauthentication(tx, { sessionId: session.sessionId, userId: session.user.id, method: 'email_code', context });
    return { ok: true };
  });
}

const TOO_MANY_FROM_NETWORK = (seconds: number) => `Too many codes tried from your network. Try again in ${describeWait(seconds)}.`;

/**
 * Step-up with the authenticator app's code or a recovery code. There is no challenge
 * row to claim here, so the per-account limit (shared with sign-in's second step) is
 * what bounds guessing: its point is taken before the code is checked, and given back
 * when the code was right.
 */
export async function reauthenticateWithSecondFactor(session: CurrentSession, proof: SecondFactorProof, context: RequestContext): Promise<ReauthResult> {
  const userId = session.user.id;
  const ip = await consumeLimit('codeIp', context.ip);
  if (!ip.ok) return { ok: false, message: TOO_MANY_FROM_NETWORK(ip.retryAfterSeconds) };
  const attempt = await consumeAttempt('secondFactorUser', userId);
  if (!attempt.ok) return { ok: false, message: `Too many wrong codes. Try again in ${describeWait(attempt.retryAfterSeconds)}.` };
  const result = await db.$transaction(async (tx): Promise<ReauthResult> => {
    const proved = await proveSecondFactor(tx, userId, proof, context);
    if (!proved.ok) {
      await recordUserEvent(tx, 'user.step_up', { userId, result: 'failure', reason: proved.reason, sessionId: session.sessionId, context });
      return { ok: false, message: proof.method === 'totp' ? 'That code is not right. Enter the current code from your authenticator app.' : 'That recovery code is not right, or it was already used.' };
    }
    await recordReauthentication(tx, { sessionId: session.sessionId, userId, method: proof.method, context });
    return { ok: true };
  });
  if (result.ok) await rewardLimit('secondFactorUser', userId);
  return result;
}
