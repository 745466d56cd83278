import 'server-only';
import { generateAuthenticationOptions } from '@simplewebauthn/server';
import { db } from '@/lib/db/client';
import { recordUserEvent } from '@/lib/audit/record';
import type { RequestContext } from '@/lib/http/request-context';
import { consumeLimit, describeWait } from '@/lib/rate-limit/limiters';
import type { CurrentSession } from '../current-session';
import { recordFailedSignIn } from '../failed-sign-in';
import { canAttemptSignIn, continueSignIn, type SignInOutcome } from '../sign-in-pipeline';
import { recordReauthentication } from '../step-up';
import { readAssertion, verifyAssertion, type AssertionFailure } from './assertion';
import { challengeBytes, issueChallenge } from './challenges';
import { relyingParty } from './relying-party';
import { transportList } from './transports';

/**
 * Options for a sign-in with no username: no allowed credentials are listed, so the
 * browser offers every passkey it holds for this site (button or autofill).
 */
export async function passkeySignInOptions() {
  const challenge = await db.$transaction((tx) => issueChallenge(tx, 'authentication', null));
  // 'required': the assertion must carry the UV flag, which verifyAssertion then insists on.
  return generateAuthenticationOptions({ rpID: relyingParty().id, challenge: challengeBytes(challenge), userVerification: 'required' });
}

export type PasskeyChallengeResult = { ok: true; options: Awaited<ReturnType<typeof passkeySignInOptions>> } | { ok: false; message: string };

/** Sign-in options for an anonymous visitor, rate-limited per IP since each one stores a challenge. */
export async function passkeySignInChallenge(context: RequestContext): Promise<PasskeyChallengeResult> {
  const limit = await consumeLimit('passkeyChallengeIp', context.ip);
  if (!limit.ok) return { ok: false, message: `Too many passkey sign-ins from this network. Try again in ${describeWait(limit.retryAfterSeconds)}, or sign in another way.` };
  return { ok: true, options: await passkeySignInOptions() };
}

/** Options for a signed-in person confirming it is them: only their own passkeys are allowed. */
export async function passkeyStepUpOptions(userId: string) {
  return db.$transaction(async (tx) => {
    const passkeys = await tx.passkey.findMany({ where: { userId }, select: { credentialId: true, transports: true } });
    const challenge = await issueChallenge(tx, 'authentication', userId);
    return generateAuthenticationOptions({
      rpID: relyingParty().id,
      challenge: challengeBytes(challenge),
      userVerification: 'required',
      allowCredentials: passkeys.map((p) => ({ id: p.credentialId, transports: transportList(p.transports) })),
    });
  });
}

export type PasskeySignInResult = { ok: true; outcome: SignInOutcome } | { ok: false; reason: AssertionFailure | 'rate_limited' | 'inactive'; message: string };

const MESSAGES: Record<AssertionFailure | 'inactive', string> = {
  passkey_malformed: 'That passkey could not be used. Try again, or sign in another way.',
  passkey_challenge_invalid: 'The passkey sign-in took too long or was already used. Try again.',
  passkey_unknown_credential: 'That passkey is not registered with us; it may have been removed. Sign in another way, then add a new passkey.',
  passkey_user_mismatch: 'That passkey could not be used. Try again, or sign in another way.',
  passkey_signature_invalid: 'That passkey could not be used. Try again, or sign in another way.',
  passkey_counter_regressed: 'That passkey could not be used. Try again, or sign in another way.',
  passkey_user_not_verified: 'Your device did not confirm it was you (fingerprint, face or PIN). Try again and unlock the passkey when asked, or sign in another way.',
  inactive: 'This account is not active. Contact support if you think this is a mistake.',
};

/** Sign-in with a discoverable passkey; failures are audited with their reason. */
export async function signInWithPasskey(raw: unknown, context: RequestContext): Promise<PasskeySignInResult> {
  const ipLimit = await consumeLimit('signInIp', context.ip);
  if (!ipLimit.ok) {
    return { ok: false, reason: 'rate_limited', message: `Too many sign-in attempts from your network. Try again in ${describeWait(ipLimit.retryAfterSeconds)}.` };
  }
  const assertion = readAssertion(raw);
  if (!assertion) {
    await recordFailedSignIn(db, 'passkey', { userId: null, reason: 'passkey_malformed', context });
    return { ok: false, reason: 'passkey_malformed', message: MESSAGES.passkey_malformed };
  }
  return db.$transaction(async (tx): Promise<PasskeySignInResult> => {
    const verified = await verifyAssertion(tx, assertion, null);
    const refuse = async (reason: AssertionFailure | 'inactive', auditReason: string = reason): Promise<PasskeySignInResult> => {
      const userId = verified.userId;
      await recordFailedSignIn(tx, 'passkey', { userId, reason: auditReason, context });
      return { ok: false, reason, message: MESSAGES[reason] };
    };
    if (!verified.ok) return refuse(verified.reason);
    const user = await tx.user.findUniqueOrThrow({ where: { id: verified.userId }, select: { status: true } });
    if (!canAttemptSignIn(user.status)) return refuse('inactive', `status_${user.status}`);
    return { ok: true, outcome: await continueSignIn(tx, { userId: verified.userId, methods: ['passkey'], context }) };
  });
}

export type PasskeyReauthResult = { ok: true } | { ok: false; message: string };

/** Step-up with one of the signed-in person's own passkeys. */
export async function reauthenticateWithPasskey(session: CurrentSession, raw: unknown, context: RequestContext): Promise<PasskeyReauthResult> {
  const assertion = readAssertion(raw);
  return db.$transaction(async (tx) => {
    const verified = assertion ? await verifyAssertion(tx, assertion, session.user.id) : ({ ok: false, reason: 'passkey_malformed' } as const);
    if (!verified.ok) {
      await recordUserEvent(tx, 'user.step_up', { userId: session.user.id, result: 'failure', reason: verified.reason, sessionId: session.sessionId, context });
      return { ok: false, message: verified.reason === 'passkey_challenge_invalid' ? MESSAGES.passkey_challenge_invalid : 'That passkey could not confirm it is you. Try again, or use another way below.' };
    }
    await recordReauthentication(tx, { sessionId: session.sessionId, userId: session.user.id, method: 'passkey', context });
    return { ok: true };
  });
}
