import { describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { db } from '@/lib/db/client';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { requestMagicLink, signInWithMagicLink } from '@/lib/auth/email-sign-in';
import { continueSignIn, type SignInOutcome } from '@/lib/auth/sign-in-pipeline';
import { confirmTotpEnrolment, disableTwoStep, pendingTotpSetup, startTotpEnrolment, twoStepStatus } from '@/lib/auth/mfa/enrolment';
import { regenerateRecoveryCodes } from '@/lib/auth/mfa/recovery-codes';
import { signInWithSecondFactor } from '@/lib/auth/mfa/second-factor';
import { decryptSecret } from '@/lib/crypto/encryption';
import { findActiveSession } from '@/lib/auth/sessions';
import { asUser, GOOD_PASSWORD, lastEmailTo, newContext, signedInFrom, signUpCustomer, tokenFrom } from './support/fixtures';

const codeAt = (secret: string, timestamp = Date.now()) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp });

/** A signed-in customer; `actor` is what the account page passes to lib/auth/mfa. */
async function signedInCustomer() {
  const { email, user } = await signUpCustomer();
  const result = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
  if (!result.ok) throw new Error(result.message);
  const signedIn = signedInFrom(result.outcome);
  return { email, user, actor: asUser(user.id, signedIn.session.id) };
}

/** Sets up an authenticator app the way the account page does, reading the key it shows. */
async function enableTwoStep() {
  const customer = await signedInCustomer();
  expect(await startTotpEnrolment(customer.user.id)).toEqual({ ok: true });
  const setup = await pendingTotpSetup(customer.user.id);
  const secret = setup!.manualKey.replace(/\s/g, '');
  const confirmed = await confirmTotpEnrolment(customer.actor, codeAt(secret));
  if (!confirmed.ok) throw new Error(confirmed.message);
  return { ...customer, secret, recoveryCodes: confirmed.recoveryCodes };
}

async function passwordChallenge(email: string) {
  const result = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
  if (!result.ok) throw new Error(result.message);
  return challengeFrom(result.outcome);
}

function challengeFrom(outcome: SignInOutcome) {
  if (outcome.kind !== 'second_factor') throw new Error(`expected a second-factor challenge, got ${outcome.kind}`);
  return outcome.challengeToken;
}

describe('setting up two-step verification', () => {
  it('needs a valid code from the app before the factor is active', async () => {
    const { email, user, actor } = await signedInCustomer();
    await startTotpEnrolment(user.id);
    const setup = await pendingTotpSetup(user.id);
    expect(setup?.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(setup?.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
    const secret = setup!.manualKey.replace(/\s/g, '');

    const wrong = await confirmTotpEnrolment(actor, codeAt(secret) === '000000' ? '111111' : '000000');
    expect(wrong).toMatchObject({ ok: false, error: 'wrong_code' });
    expect(await twoStepStatus(user.id)).toMatchObject({ enabled: false });
    // Signing in still needs only the password.
    const meanwhile = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    expect(meanwhile.ok && meanwhile.outcome.kind).toBe('signed_in');

    const right = await confirmTotpEnrolment(actor, codeAt(secret));
    if (!right.ok) throw new Error(right.message);
    expect(right.recoveryCodes).toHaveLength(10);
    expect(new Set(right.recoveryCodes).size).toBe(10);
    expect(await twoStepStatus(user.id)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    const actions = (await db.auditEvent.findMany({ where: { targetId: user.id, action: { startsWith: 'user.' } } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.mfa_enabled', 'user.recovery_codes_generated']));
  });

  it('stores the secret only encrypted, and the recovery codes only hashed', async () => {
    const { user, secret, recoveryCodes } = await enableTwoStep();
    const factor = await db.mfaFactor.findFirstOrThrow({ where: { userId: user.id } });
    expect(factor.secretEncrypted).toMatch(/^v1\.[\w-]{8}\/bound:/);
    expect(factor.secretEncrypted).not.toContain(secret);
    expect(factor.secretEncrypted.toLowerCase()).not.toContain(secret.toLowerCase());
    expect(decryptSecret(factor.secretEncrypted, 'mfa_factor:totp', user.id)).toBe(secret);
    // Bound to its purpose: the same ciphertext does not decrypt as something else.
    expect(() => decryptSecret(factor.secretEncrypted, 'something_else', user.id)).toThrow();
    const stored = await db.recoveryCode.findMany({ where: { userId: user.id } });
    for (const code of recoveryCodes) {
      expect(stored.some((row) => row.codeHash.includes(code) || row.codeHash.includes(code.replace('-', '')))).toBe(false);
    }
  });

  it('can be turned off, after which sign-in needs only the first factor again', async () => {
    const { email, actor } = await enableTwoStep();
    expect(await disableTwoStep(actor)).toEqual({ ok: true });
    expect(await db.mfaFactor.count({ where: { userId: actor.id } })).toBe(0);
    expect(await db.recoveryCode.count({ where: { userId: actor.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { targetId: actor.id, action: 'user.mfa_disabled' } })).toBe(1);
    const result = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    expect(result.ok && result.outcome.kind).toBe('signed_in');
  });
});

describe('signing in with a second factor', () => {
  it('asks for it after the password, then starts a session with both methods', async () => {
    const { email, user, secret } = await enableTwoStep();
    const result = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    if (!result.ok) throw new Error(result.message);
    expect(result.outcome.kind).toBe('second_factor');
    const challengeToken = challengeFrom(result.outcome);
    // Only a hash of the challenge is stored.
    expect(await db.verificationToken.findFirst({ where: { token: challengeToken } })).toBeNull();
    const stored = await db.verificationToken.findFirstOrThrow({ where: { userId: user.id, purpose: 'mfa_challenge' } });
    expect(stored.expires.getTime() - Date.now()).toBeLessThanOrEqual(10 * 60 * 1000);

    const second = await signInWithSecondFactor(challengeToken, { method: 'totp', code: codeAt(secret, Date.now() + 30_000) }, newContext());
    if (!second.ok) throw new Error(second.message);
    const session = await findActiveSession(signedInFrom(second.outcome).token);
    expect(session?.authMethods).toBe('password,totp');
    // The challenge is single-use.
    const again = await signInWithSecondFactor(challengeToken, { method: 'totp', code: codeAt(secret, Date.now() + 60_000) }, newContext());
    expect(again).toMatchObject({ ok: false, error: 'expired' });
  });

  it('refuses a code that was already accepted', async () => {
    const { email, secret } = await enableTwoStep();
    // The code used to confirm the setup cannot be used again.
    const enrolmentCode = codeAt(secret);
    const first = await passwordChallenge(email);
    const replayed = await signInWithSecondFactor(first, { method: 'totp', code: enrolmentCode }, newContext());
    expect(replayed).toMatchObject({ ok: false, error: 'wrong_code', message: expect.stringMatching(/already been used/) });

    const nextCode = codeAt(secret, Date.now() + 30_000);
    expect((await signInWithSecondFactor(first, { method: 'totp', code: nextCode }, newContext())).ok).toBe(true);
    const second = await passwordChallenge(email);
    expect(await signInWithSecondFactor(second, { method: 'totp', code: nextCode }, newContext())).toMatchObject({ ok: false, error: 'wrong_code' });
  });

  it('signs in once when the same right code is sent twice at the same moment', async () => {
    const { email, secret } = await enableTwoStep();
    const challenge = await passwordChallenge(email);
    const code = codeAt(secret, Date.now() + 30_000);
    const results = await Promise.all([
      signInWithSecondFactor(challenge, { method: 'totp', code }, newContext()),
      signInWithSecondFactor(challenge, { method: 'totp', code }, newContext()),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it('keeps only the newest challenge: signing in again voids the earlier one', async () => {
    const { email, secret } = await enableTwoStep();
    const earlier = await passwordChallenge(email);
    await passwordChallenge(email);
    const result = await signInWithSecondFactor(earlier, { method: 'totp', code: codeAt(secret, Date.now() + 30_000) }, newContext());
    expect(result).toMatchObject({ ok: false, error: 'expired' });
  });

  it('accepts each recovery code once', async () => {
    const { email, user, recoveryCodes } = await enableTwoStep();
    const code = recoveryCodes[3]!;
    const first = await signInWithSecondFactor(await passwordChallenge(email), { method: 'recovery_code', code: ` ${code.toUpperCase()} ` }, newContext());
    if (!first.ok) throw new Error(first.message);
    expect((await findActiveSession(signedInFrom(first.outcome).token))?.authMethods).toBe('password,recovery_code');
    expect(await twoStepStatus(user.id)).toMatchObject({ recoveryCodesLeft: 9 });
    expect(await db.auditEvent.count({ where: { targetId: user.id, action: 'user.recovery_code_used' } })).toBe(1);

    const reused = await signInWithSecondFactor(await passwordChallenge(email), { method: 'recovery_code', code }, newContext());
    expect(reused).toMatchObject({ ok: false, error: 'wrong_code', message: expect.stringMatching(/already been used/) });
  });

  it('voids the old recovery codes when new ones are generated', async () => {
    const { email, actor, recoveryCodes } = await enableTwoStep();
    const regenerated = await regenerateRecoveryCodes(actor);
    if (!regenerated.ok) throw new Error(regenerated.message);
    expect(regenerated.codes).toHaveLength(10);
    expect(regenerated.codes).not.toContain(recoveryCodes[0]);
    const old = await signInWithSecondFactor(await passwordChallenge(email), { method: 'recovery_code', code: recoveryCodes[0]! }, newContext());
    expect(old).toMatchObject({ ok: false, error: 'wrong_code' });
    const fresh = await signInWithSecondFactor(await passwordChallenge(email), { method: 'recovery_code', code: regenerated.codes[0]! }, newContext());
    expect(fresh.ok).toBe(true);
  });

  it('locks the challenge after five wrong codes, even if the sixth is right', async () => {
    const { email, user, secret } = await enableTwoStep();
    const challenge = await passwordChallenge(email);
    const right = codeAt(secret, Date.now() + 30_000);
    const wrong = right === '000000' ? '111111' : '000000';
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await signInWithSecondFactor(challenge, { method: 'totp', code: wrong }, newContext()));
    expect(answers.map((a) => !a.ok && a.error)).toEqual(['wrong_code', 'wrong_code', 'wrong_code', 'wrong_code', 'locked']);
    expect(await signInWithSecondFactor(challenge, { method: 'totp', code: right }, newContext())).toMatchObject({ ok: false, error: 'locked' });
    expect(await db.auditEvent.count({ where: { targetId: user.id, action: 'user.mfa_failed' } })).toBe(5);
  });

  it('limits wrong codes per account, so signing in again does not buy fresh guesses', async () => {
    const { email, secret } = await enableTwoStep();
    const right = codeAt(secret, Date.now() + 30_000);
    const wrong = right === '000000' ? '111111' : '000000';
    for (const guesses of [5, 5, 1]) {
      const challenge = await passwordChallenge(email);
      for (let i = 0; i < guesses; i += 1) await signInWithSecondFactor(challenge, { method: 'totp', code: wrong }, newContext());
    }
    const limited = await signInWithSecondFactor(await passwordChallenge(email), { method: 'totp', code: right }, newContext());
    expect(limited).toMatchObject({ ok: false, error: 'rate_limited', message: expect.stringMatching(/Too many wrong codes for this account/) });
  });

  it('applies to emailed links too, and a passkey counts as both factors', async () => {
    const { email, user } = await enableTwoStep();
    // Their address is confirmed: on a never-confirmed one, an emailed link from another browser is
    // the mailbox's first proof and removes the authenticator instead (tests/unproven-accounts.test.ts).
    await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    await requestMagicLink(email, '/account/profile', newContext());
    const link = await signInWithMagicLink(tokenFrom((await lastEmailTo(email))!.text), newContext());
    expect(link.ok && link.outcome.kind).toBe('second_factor');

    const passkey = await db.$transaction((tx) => continueSignIn(tx, { userId: user.id, methods: ['passkey'], context: newContext() }));
    expect(passkey.kind).toBe('signed_in');
  });
});

describe('step-up with two-step verification on', () => {
  it('takes the authenticator app or a recovery code, not the password alone', async () => {
    const { user, secret, recoveryCodes } = await enableTwoStep();
    const { sessionFor } = await import('./support/sessions');
    const { reauthenticateWithPassword, reauthenticateWithSecondFactor, stepUpOptions } = await import('@/lib/auth/reauthenticate');
    const stale = await sessionFor(user.id, { authenticatedMinutesAgo: 30 });

    expect(await stepUpOptions(user.id)).toEqual({ passkey: false, authenticator: true, password: false, emailCode: false });
    expect(await reauthenticateWithPassword(stale, GOOD_PASSWORD, newContext())).toMatchObject({ ok: false, message: expect.stringMatching(/Two-step verification is on/) });
    expect(await reauthenticateWithSecondFactor(stale, { method: 'totp', code: '000000' }, newContext())).toMatchObject({ ok: false });
    // The enrolment spent the current step; the next one is inside the accepted window.
    expect(await reauthenticateWithSecondFactor(stale, { method: 'totp', code: codeAt(secret, Date.now() + 30_000) }, newContext())).toEqual({ ok: true });
    expect(await reauthenticateWithSecondFactor(stale, { method: 'recovery_code', code: recoveryCodes[0]! }, newContext())).toEqual({ ok: true });
    expect(await reauthenticateWithSecondFactor(stale, { method: 'recovery_code', code: recoveryCodes[0]! }, newContext())).toMatchObject({ ok: false });
  });
});

describe('turning two-step verification on', () => {
  it('signs out every other session, which began with one factor', async () => {
    const { user } = await signedInCustomer();
    const { sessionFor } = await import('./support/sessions');
    const other = await sessionFor(user.id);
    const here = await sessionFor(user.id);
    expect(await startTotpEnrolment(user.id)).toEqual({ ok: true });
    const secret = (await pendingTotpSetup(user.id))!.manualKey.replace(/\s/g, '');
    const confirmed = await confirmTotpEnrolment(asUser(user.id, here.sessionId), codeAt(secret));
    expect(confirmed.ok).toBe(true);
    expect(await findActiveSession(other.token)).toBeNull();
    expect(await findActiveSession(here.token)).not.toBeNull();
  });
});
