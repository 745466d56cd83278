import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { db } from '@/lib/db/client';
import { EMAIL_CODE_MAX_ATTEMPTS } from '@/lib/auth/verification-tokens';
import { EMAIL_CODE_ERROR, requestEmailCode, signInWithEmailCode } from '@/lib/auth/email-sign-in';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { reauthenticateWithEmailCode, reauthenticateWithPassword, reauthenticateWithSecondFactor, sendStepUpCode } from '@/lib/auth/reauthenticate';
import { confirmTotpEnrolment, pendingTotpSetup, startTotpEnrolment } from '@/lib/auth/mfa/enrolment';
import type { RequestContext } from '@/lib/http/request-context';
import { asUser, codeFrom, GOOD_PASSWORD, lastEmailTo, newContext, signUpCustomer } from './support/fixtures';
import { sessionFor } from './support/sessions';

const BURST = 50;
const LOCKOUT_THRESHOLD = 5;
const SECOND_FACTOR_ACCOUNT_LIMIT = 10;

/** One attacker's burst: each request from its own address (so per-IP limits do not hide the per-account ones), all tagged to find their audit events. */
function burstContexts() {
  const tag = `burst-${randomUUID()}`;
  return { tag, contexts: Array.from({ length: BURST }, (): RequestContext => ({ ...newContext(), userAgent: tag })) };
}

function failuresOf(tag: string, action: string, reasons: string[]) {
  return db.auditEvent.count({ where: { userAgent: tag, action, result: 'failure', reason: { in: reasons } } });
}

const wrongCodeFor = (code: string) => (code === '000000' ? '111111' : '000000');

describe('parallel guesses cannot get past an attempt limit', () => {
  it('an emailed sign-in code compares at most five of fifty parallel guesses, then refuses the right one', async () => {
    const { email, user } = await signUpCustomer();
    await requestEmailCode(email, newContext());
    const code = codeFrom((await lastEmailTo(email))!.subject);
    const { tag, contexts } = burstContexts();

    const answers = await Promise.all(contexts.map((context) => signInWithEmailCode(email, wrongCodeFor(code), context)));

    expect(answers.every((answer) => !answer.ok)).toBe(true);
    // Each compared guess is audited as invalid (or, the last, as the one that killed the code).
    expect(await failuresOf(tag, 'user.sign_in_failed', ['email_code_invalid', 'email_code_too_many_attempts'])).toBe(EMAIL_CODE_MAX_ATTEMPTS);
    expect(await failuresOf(tag, 'user.sign_in_failed', ['email_code_no_code'])).toBe(BURST - EMAIL_CODE_MAX_ATTEMPTS);
    const stored = await db.verificationToken.findFirstOrThrow({ where: { identifier: email, purpose: 'email_code' }, orderBy: { createdAt: 'desc' } });
    expect(stored.attempts).toBe(EMAIL_CODE_MAX_ATTEMPTS);
    expect(await signInWithEmailCode(email, code, newContext())).toEqual({ ok: false, message: EMAIL_CODE_ERROR });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it('the password lockout checks at most five of fifty parallel wrong passwords, then refuses the right one', async () => {
    const { email, user } = await signUpCustomer();
    const { tag, contexts } = burstContexts();

    const answers = await Promise.all(contexts.map((context, i) => signInWithPassword({ email, password: `wrong guess ${i}` }, context)));

    expect(answers.filter((answer) => !answer.ok && answer.error === 'invalid')).toHaveLength(LOCKOUT_THRESHOLD - 1);
    expect(answers.filter((answer) => !answer.ok && answer.error === 'locked')).toHaveLength(BURST - LOCKOUT_THRESHOLD + 1);
    expect(await failuresOf(tag, 'user.sign_in_failed', ['wrong_password'])).toBe(LOCKOUT_THRESHOLD);
    expect(await db.auditEvent.count({ where: { action: 'user.locked_out', targetId: user.id } })).toBe(1);
    const right = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    expect(!right.ok && right.error).toBe('locked');
  });

  it('the lockout also holds for unknown addresses, and a right password is given its attempt back', async () => {
    const { email } = await signUpCustomer();
    for (let i = 0; i < LOCKOUT_THRESHOLD - 1; i += 1) await signInWithPassword({ email, password: `wrong ${i}` }, newContext());
    // Four failures, then a success: the run of consecutive failures starts again.
    expect((await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext())).ok).toBe(true);
    for (let i = 0; i < LOCKOUT_THRESHOLD - 1; i += 1) {
      const answer = await signInWithPassword({ email, password: `wrong again ${i}` }, newContext());
      expect(!answer.ok && answer.error).toBe('invalid');
    }

    const ghost = `ghost-${randomUUID()}@example.test`;
    const { contexts } = burstContexts();
    const answers = await Promise.all(contexts.map((context) => signInWithPassword({ email: ghost, password: 'wrong' }, context)));
    expect(answers.filter((answer) => !answer.ok && answer.error === 'invalid')).toHaveLength(LOCKOUT_THRESHOLD - 1);
  });

  it('step-up with a password checks at most five of fifty parallel guesses, then refuses the right one', async () => {
    const { user } = await signUpCustomer();
    const stale = await sessionFor(user.id, { authenticatedMinutesAgo: 30 });
    const { tag, contexts } = burstContexts();

    await Promise.all(contexts.map((context, i) => reauthenticateWithPassword(stale, `wrong guess ${i}`, context)));

    expect(await failuresOf(tag, 'user.step_up', ['wrong_password'])).toBe(LOCKOUT_THRESHOLD);
    expect(await reauthenticateWithPassword(stale, GOOD_PASSWORD, newContext())).toMatchObject({ ok: false, message: expect.stringMatching(/Too many failed attempts/) });
  });

  it('step-up with an emailed code compares at most five of fifty parallel guesses, then refuses the right one', async () => {
    const { user, email } = await signUpCustomer();
    const stale = await sessionFor(user.id, { authenticatedMinutesAgo: 30 });
    expect(await sendStepUpCode(stale, newContext())).toEqual({ ok: true });
    const code = codeFrom((await lastEmailTo(email))!.subject);
    const { tag, contexts } = burstContexts();

    await Promise.all(contexts.map((context) => reauthenticateWithEmailCode(stale, wrongCodeFor(code), context)));

    expect(await failuresOf(tag, 'user.step_up', ['wrong_code'])).toBe(EMAIL_CODE_MAX_ATTEMPTS);
    expect(await reauthenticateWithEmailCode(stale, code, newContext())).toEqual({ ok: false, message: EMAIL_CODE_ERROR });
  });

  it('step-up with an authenticator code checks at most ten of fifty parallel guesses, then refuses the right one', async () => {
    const { user, secret } = await customerWithAuthenticator();
    const stale = await sessionFor(user.id, { authenticatedMinutesAgo: 30 });
    const right = codeAt(secret, Date.now() + 30_000);
    const wrong = right === '000000' ? '111111' : '000000';
    const { tag, contexts } = burstContexts();

    const answers = await Promise.all(contexts.map((context) => reauthenticateWithSecondFactor(stale, { method: 'totp', code: wrong }, context)));

    expect(answers.filter((answer) => !answer.ok && /Too many wrong codes/.test(answer.message))).toHaveLength(BURST - SECOND_FACTOR_ACCOUNT_LIMIT);
    expect(await failuresOf(tag, 'user.step_up', ['totp_wrong'])).toBe(SECOND_FACTOR_ACCOUNT_LIMIT);
    expect(await reauthenticateWithSecondFactor(stale, { method: 'totp', code: right }, newContext())).toMatchObject({ ok: false, message: expect.stringMatching(/Too many wrong codes/) });
  });
});

describe('step-up has per-network limits', () => {
  it('codes: the 31st from one network is refused before it is checked, whichever account', async () => {
    const { user, email } = await signUpCustomer();
    const stale = await sessionFor(user.id, { authenticatedMinutesAgo: 30 });
    await sendStepUpCode(stale, newContext());
    const code = codeFrom((await lastEmailTo(email))!.subject);
    const network = newContext();
    for (let i = 0; i < 30; i += 1) await reauthenticateWithEmailCode(stale, wrongCodeFor(code), network);
    expect(await reauthenticateWithEmailCode(stale, wrongCodeFor(code), network)).toMatchObject({ ok: false, message: expect.stringMatching(/from your network/) });

    const other = await customerWithAuthenticator();
    const otherSession = await sessionFor(other.user.id, { authenticatedMinutesAgo: 30 });
    expect(await reauthenticateWithSecondFactor(otherSession, { method: 'totp', code: '000000' }, network)).toMatchObject({ ok: false, message: expect.stringMatching(/from your network/) });
  });

  it('passwords: the 51st from one network is refused before any hashing', async () => {
    const network = newContext();
    for (let i = 0; i < 50; i += 1) await signInWithPassword({ email: `nobody-${randomUUID()}@example.test`, password: 'wrong' }, network);
    const { user } = await signUpCustomer();
    const stale = await sessionFor(user.id, { authenticatedMinutesAgo: 30 });
    expect(await reauthenticateWithPassword(stale, GOOD_PASSWORD, network)).toMatchObject({ ok: false, message: expect.stringMatching(/from your network/) });
  });
});

const codeAt = (secret: string, timestamp = Date.now()) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp });

/** A customer who has turned on two-step verification the way the account page does. */
async function customerWithAuthenticator() {
  const { user } = await signUpCustomer();
  const here = await sessionFor(user.id);
  expect(await startTotpEnrolment(user.id)).toEqual({ ok: true });
  const secret = (await pendingTotpSetup(user.id))!.manualKey.replace(/\s/g, '');
  const confirmed = await confirmTotpEnrolment(asUser(user.id, here.sessionId), codeAt(secret));
  if (!confirmed.ok) throw new Error(confirmed.message);
  return { user, secret };
}
