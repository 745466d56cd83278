import { describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { db } from '@/lib/db/client';
import { signUp } from '@/lib/auth/sign-up';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { requestEmailCode, requestMagicLink, signInWithEmailCode, signInWithMagicLink } from '@/lib/auth/email-sign-in';
import { verifyEmail } from '@/lib/auth/email-verification';
import { requestPasswordReset, resetPassword } from '@/lib/auth/password-reset';
import { findActiveSession } from '@/lib/auth/sessions';
import { confirmTotpEnrolment, pendingTotpSetup, startTotpEnrolment } from '@/lib/auth/mfa/enrolment';
import { passkeyRegistrationOptions, registerPasskey } from '@/lib/auth/passkeys/registration';
import { asUser, codeFrom, GOOD_PASSWORD, lastEmailTo, newContext, signedInFrom, tokenFrom, uniqueEmail } from './support/fixtures';
import { SoftwareAuthenticator } from './support/software-authenticator';

const SQUATTER_PASSWORD = 'squatters own passphrase 7';

/**
 * Someone signs up with another person's address and a password of their own, never confirms
 * it, and sets up everything they can: a session, an authenticator app, a passkey, a linked
 * identity, an app's grant with its tokens and a provider session, and a pending email change.
 */
async function squattedAccount() {
  const email = uniqueEmail('victim');
  const signedUp = await signUp({ email, method: 'password', password: SQUATTER_PASSWORD, acceptTerms: true }, newContext());
  if (!signedUp.ok) throw new Error('sign-up failed');
  const user = await db.user.findUniqueOrThrow({ where: { email } });
  const verifyLink = tokenFrom((await lastEmailTo(email))!.text);

  const signedIn = await signInWithPassword({ email, password: SQUATTER_PASSWORD }, newContext());
  if (!signedIn.ok) throw new Error(signedIn.message);
  const squatter = signedInFrom(signedIn.outcome);

  await startTotpEnrolment(user.id);
  const secret = (await pendingTotpSetup(user.id))!.manualKey.replace(/\s/g, '');
  const code = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
  const enrolled = await confirmTotpEnrolment(asUser(user.id, squatter.session.id), code);
  if (!enrolled.ok) throw new Error(enrolled.message);

  const options = await passkeyRegistrationOptions(user.id);
  const passkey = await registerPasskey(asUser(user.id, squatter.session.id), new SoftwareAuthenticator().register(options));
  if (!passkey.ok) throw new Error(passkey.message);

  await db.account.create({ data: { userId: user.id, type: 'oidc', provider: 'github', providerAccountId: `squatter-${user.id}` } });
  // What oidc-provider stores when the squatter signs in to a partner app: a provider session,
  // a grant, and tokens that name only their grant.
  const grantId = `grant-${user.id}`;
  await db.oidcPayload.createMany({
    data: [
      { id: `Session:s-${user.id}`, type: 'Session', payload: '{}', accountId: user.id },
      { id: `Grant:${grantId}`, type: 'Grant', payload: '{}', accountId: user.id, clientId: 'partner' },
      { id: `RefreshToken:r-${user.id}`, type: 'RefreshToken', payload: '{}', grantId },
      { id: `AccessToken:a-${user.id}`, type: 'AccessToken', payload: '{}', grantId },
    ],
  });
  return { email, user, verifyLink, squatter, browserBinding: signedUp.browserBinding };
}

/** Asserts that nothing the squatter set up is left, and that the removal is audited once. */
async function expectNothingOfTheSquatterLeft(account: Awaited<ReturnType<typeof squattedAccount>>, proof: string) {
  const userId = account.user.id;
  expect(await db.passkey.count({ where: { userId } })).toBe(0);
  expect(await db.mfaFactor.count({ where: { userId } })).toBe(0);
  expect(await db.recoveryCode.count({ where: { userId } })).toBe(0);
  expect(await db.account.count({ where: { userId } })).toBe(0);
  expect(await findActiveSession(account.squatter.token)).toBeNull();
  expect(await db.oidcPayload.count({ where: { OR: [{ accountId: userId }, { grantId: `grant-${userId}` }] } })).toBe(0);
  expect(await signInWithPassword({ email: account.email, password: SQUATTER_PASSWORD }, newContext())).toMatchObject({ ok: false, error: 'invalid' });
  const removals = await db.auditEvent.findMany({ where: { action: 'user.unproven_access_removed', targetId: userId } });
  expect(removals).toHaveLength(1);
  expect(JSON.parse(removals[0]!.metadata!)).toMatchObject({ proof, passkeys: 1, authenticators: 1, linkedAccounts: 1, sessions: 1, appAccess: 4 });
  expect((await db.user.findUniqueOrThrow({ where: { id: userId } })).emailVerified).not.toBeNull();
}

describe('the first proof of a never-confirmed address (pre-account takeover)', () => {
  it('an emailed link removes every way in the squatter set up, and the owner is signed in without their second factor', async () => {
    const account = await squattedAccount();
    await requestMagicLink(account.email, undefined, newContext());
    const owner = await signInWithMagicLink(tokenFrom((await lastEmailTo(account.email))!.text), newContext());
    if (!owner.ok) throw new Error(owner.message);
    // The squatter's authenticator is gone, so it is not asked of the owner.
    expect(signedInFrom(owner.outcome).user.id).toBe(account.user.id);
    expect(await db.passwordCredential.count({ where: { userId: account.user.id } })).toBe(0);
    await expectNothingOfTheSquatterLeft(account, 'magic_link');
  });

  it('so does an emailed code', async () => {
    const account = await squattedAccount();
    await requestEmailCode(account.email, newContext());
    const owner = await signInWithEmailCode(account.email, codeFrom((await lastEmailTo(account.email))!.text), newContext());
    if (!owner.ok) throw new Error(owner.message);
    signedInFrom(owner.outcome);
    await expectNothingOfTheSquatterLeft(account, 'email_code');
  });

  it('so does the confirmation link when it is opened in a browser other than the one that signed up', async () => {
    const account = await squattedAccount();
    const owner = await verifyEmail(account.verifyLink, null, newContext(), { signUpBinding: null });
    if (!owner.ok) throw new Error(owner.message);
    signedInFrom(owner.outcome);
    await expectNothingOfTheSquatterLeft(account, 'email_verify');
  });

  it('so does a password reset, and only the owner’s new password opens the account', async () => {
    const account = await squattedAccount();
    await requestPasswordReset(account.email, newContext());
    const reset = await resetPassword(tokenFrom((await lastEmailTo(account.email))!.text), GOOD_PASSWORD, newContext());
    if (!reset.ok) throw new Error(reset.message);
    await expectNothingOfTheSquatterLeft(account, 'password_reset');
    expect(await signInWithPassword({ email: account.email, password: GOOD_PASSWORD }, newContext())).toMatchObject({ ok: true, outcome: { kind: 'signed_in' } });
  });

  it('voids the squatter’s pending email change and links, so the address cannot be moved away afterwards', async () => {
    const account = await squattedAccount();
    const pending = await db.verificationToken.create({
      data: { identifier: uniqueEmail('squatter'), token: `t-${account.user.id}`, purpose: 'email_change', userId: account.user.id, payload: account.email, expires: new Date(Date.now() + 3600_000) },
    });
    await requestMagicLink(account.email, undefined, newContext());
    expect((await signInWithMagicLink(tokenFrom((await lastEmailTo(account.email))!.text), newContext())).ok).toBe(true);
    expect((await db.verificationToken.findUniqueOrThrow({ where: { id: pending.id } })).consumedAt).not.toBeNull();
  });

  it('keeps everything when the person who signed up confirms from the same browser, or while signed in', async () => {
    const sameBrowser = await squattedAccount();
    const confirmed = await verifyEmail(sameBrowser.verifyLink, null, newContext(), { signUpBinding: sameBrowser.browserBinding });
    expect(confirmed.ok).toBe(true);
    expect(await db.passwordCredential.count({ where: { userId: sameBrowser.user.id } })).toBe(1);
    expect(await db.passkey.count({ where: { userId: sameBrowser.user.id } })).toBe(1);
    expect(await findActiveSession(sameBrowser.squatter.token)).not.toBeNull();
    expect(await db.auditEvent.count({ where: { action: 'user.unproven_access_removed', targetId: sameBrowser.user.id } })).toBe(0);

    const signedIn = await squattedAccount();
    expect((await verifyEmail(signedIn.verifyLink, signedIn.user.id, newContext())).ok).toBe(true);
    expect(await db.passwordCredential.count({ where: { userId: signedIn.user.id } })).toBe(1);
  });

  it('does not take a binding cookie from another sign-up, or a forged one, as the signer’s', async () => {
    const account = await squattedAccount();
    const other = await squattedAccount();
    const owner = await verifyEmail(account.verifyLink, other.user.id, newContext(), { signUpBinding: other.browserBinding });
    expect(owner.ok).toBe(true);
    await expectNothingOfTheSquatterLeft(account, 'email_verify');

    const forged = await squattedAccount();
    expect((await verifyEmail(forged.verifyLink, null, newContext(), { signUpBinding: 'x'.repeat(43) })).ok).toBe(true);
    expect(await db.passwordCredential.count({ where: { userId: forged.user.id } })).toBe(0);
  });

  it('happens once when two proofs arrive at the same moment', async () => {
    const account = await squattedAccount();
    await requestEmailCode(account.email, newContext());
    const code = codeFrom((await lastEmailTo(account.email))!.text);
    const results = await Promise.all([
      verifyEmail(account.verifyLink, null, newContext()),
      signInWithEmailCode(account.email, code, newContext()),
    ]);
    // Both are the owner's (they reached the mailbox): both sign in, and the removal happens once.
    expect(results.every((r) => r.ok)).toBe(true);
    await expectNothingOfTheSquatterLeft(account, expect.stringMatching(/^(email_verify|email_code)$/) as unknown as string);
  });

  it('changes nothing on an address already confirmed', async () => {
    const account = await squattedAccount();
    expect((await verifyEmail(account.verifyLink, account.user.id, newContext())).ok).toBe(true);
    await requestMagicLink(account.email, undefined, newContext());
    const link = await signInWithMagicLink(tokenFrom((await lastEmailTo(account.email))!.text), newContext());
    // The authenticator the (now proven) owner set up is asked for as usual.
    expect(link).toMatchObject({ ok: true, outcome: { kind: 'second_factor' } });
    expect(await db.passkey.count({ where: { userId: account.user.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: 'user.unproven_access_removed', targetId: account.user.id } })).toBe(0);
  });
});

describe('a passwordless sign-up confirmed from another device', () => {
  it('has nothing taken away and nothing to report', async () => {
    const email = uniqueEmail('passwordless');
    expect((await signUp({ email, method: 'link', acceptTerms: true }, newContext())).ok).toBe(true);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    const confirmed = await verifyEmail(tokenFrom((await lastEmailTo(email))!.text), null, newContext());
    if (!confirmed.ok) throw new Error(confirmed.message);
    expect(signedInFrom(confirmed.outcome).user.emailVerified).not.toBeNull();
    expect(await db.auditEvent.count({ where: { action: 'user.unproven_access_removed', targetId: user.id } })).toBe(0);
  });
});
