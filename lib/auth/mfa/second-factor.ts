import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import { countSignIn } from '@/lib/operations/metrics';
import type { RequestContext } from '@/lib/http/request-context';
import { consumeAttempt, consumeLimit, describeWait, resetLimit, rewardLimit } from '@/lib/rate-limit/limiters';
import { canAttemptSignIn, continueSignIn, type SignInOutcome } from '../sign-in-pipeline';
import { claimChallenge, findChallenge, releaseAfterWrongCode, type ChallengeProblem } from './challenge';
import { spendRecoveryCode } from './recovery-codes';
import { checkTotpCode, findConfirmedTotp } from './totp';

export type SecondFactorProof = { method: 'totp' | 'recovery_code'; code: string };

export type SecondFactorResult =
  | { ok: true; outcome: SignInOutcome }
  | { ok: false; error: 'expired' | 'locked' | 'wrong_code' | 'rate_limited'; message: string };

const EXPIRED = 'This sign-in has expired. Sign in again to continue.';
const LOCKED = 'Too many wrong codes. For your security, sign in again to continue.';

const WRONG: Record<'totp_wrong' | 'totp_replayed' | 'recovery_code_wrong' | 'no_factor', string> = {
  totp_wrong: 'That code is not right. Enter the 6-digit code your authenticator app shows now.',
  totp_replayed: 'That code has already been used. Wait for the next code in your app and enter it.',
  recovery_code_wrong: 'That recovery code is not right, or it has already been used.',
  no_factor: 'That code is not right. Enter the 6-digit code your authenticator app shows now.',
};

/** What the two-step page needs to know before it shows the form. */
export async function checkChallenge(token: string): Promise<{ ok: true } | { ok: false; message: string }> {
  const found = await findChallenge(db, token);
  return found.ok ? { ok: true } : { ok: false, message: problemMessage(found.error) };
}

function problemMessage(problem: ChallengeProblem) {
  return problem === 'locked' ? LOCKED : EXPIRED;
}

/**
 * The second step of a sign-in: a code from the authenticator app or a recovery
 * code, against the challenge the first step left. Wrong codes count against the
 * challenge (5, then sign in again) and against the account (across challenges).
 */
export async function signInWithSecondFactor(challengeToken: string, proof: SecondFactorProof, context: RequestContext): Promise<SecondFactorResult> {
  const ip = await consumeLimit('codeIp', context.ip);
  if (!ip.ok) return { ok: false, error: 'rate_limited', message: `Too many codes tried from your network. Try again in ${describeWait(ip.retryAfterSeconds)}.` };
  const found = await findChallenge(db, challengeToken);
  if (!found.ok) return { ok: false, error: found.error === 'locked' ? 'locked' : 'expired', message: problemMessage(found.error) };
  const { challenge } = found;
  // Taken before the code is checked (the challenge claim serialises one challenge; this
  // bounds guesses across all of an account's challenges and step-ups), given back below
  // when the attempt was not a wrong code.
  const account = await consumeAttempt('secondFactorUser', challenge.userId);
  if (!account.ok) return { ok: false, error: 'rate_limited', message: `Too many wrong codes for this account. Try again in ${describeWait(account.retryAfterSeconds)}.` };

  const result = await db.$transaction(async (tx): Promise<SecondFactorResult> => {
    if (!(await claimChallenge(tx, challenge.id))) return { ok: false, error: 'expired', message: EXPIRED };
    const user = await tx.user.findUnique({ where: { id: challenge.userId }, select: { status: true } });
    if (!user || !canAttemptSignIn(user.status)) return { ok: false, error: 'expired', message: EXPIRED };
    const proved = await proveSecondFactor(tx, challenge.userId, proof, context);
    if (!proved.ok) {
      const { locked, attemptsLeft } = await releaseAfterWrongCode(tx, challenge.id);
      await recordUserEvent(tx, 'user.mfa_failed', {
        userId: challenge.userId,
        result: 'failure',
        reason: proved.reason,
        metadata: { method: proof.method, attemptsLeft },
        context,
      });
      countSignIn([proof.method], 'failure');
      return locked ? { ok: false, error: 'locked', message: LOCKED } : { ok: false, error: 'wrong_code', message: WRONG[proved.reason] };
    }
    const methods = [...challenge.methods, proof.method];
    return { ok: true, outcome: await continueSignIn(tx, { userId: challenge.userId, methods, context, verifiedEmail: challenge.verifiedEmail }) };
  });

  if (result.ok) await resetLimit('secondFactorUser', challenge.userId);
  else if (result.error !== 'wrong_code' && result.error !== 'locked') await rewardLimit('secondFactorUser', challenge.userId);
  return result;
}

export async function proveSecondFactor(
  tx: DbOrTx,
  userId: string,
  proof: SecondFactorProof,
  context: RequestContext,
): Promise<{ ok: true } | { ok: false; reason: keyof typeof WRONG }> {
  if (proof.method === 'totp') {
    const factor = await findConfirmedTotp(tx, userId);
    if (!factor) return { ok: false, reason: 'no_factor' };
    const check = await checkTotpCode(tx, factor, proof.code);
    if (check === 'accepted') return { ok: true };
    return { ok: false, reason: check === 'replayed' ? 'totp_replayed' : 'totp_wrong' };
  }
  const spent = await spendRecoveryCode(tx, userId, proof.code);
  if (!spent.ok) return { ok: false, reason: 'recovery_code_wrong' };
  await recordUserEvent(tx, 'user.recovery_code_used', {
    userId,
    metadata: { remaining: spent.remaining },
    context,
  });
  return { ok: true };
}
