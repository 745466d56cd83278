import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { findActiveSession } from '@/lib/auth/sessions';
import { removePassword, setPassword } from '@/lib/auth/password-management';
import { activeSessions, revokeOtherSessions, revokeSessionOf } from '@/lib/auth/devices';
import { isRecentlyAuthenticated } from '@/lib/auth/step-up';
import { reauthenticateWithPassword } from '@/lib/auth/reauthenticate';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { unlinkAccount } from '@/lib/users/linked-accounts';
import { confirmEmailChange, reportEmailChange, requestEmailChange } from '@/lib/users/email-change';
import { asUser, GOOD_PASSWORD, lastEmailTo, newContext, signUpCustomer, tokenFrom, uniqueEmail } from './support/fixtures';
import { sessionFor } from './support/sessions';
import { Secret, TOTP } from 'otpauth';
import { confirmTotpEnrolment, pendingTotpSetup, startTotpEnrolment } from '@/lib/auth/mfa/enrolment';
import { passkeyRegistrationOptions, registerPasskey } from '@/lib/auth/passkeys/registration';
import { requestMagicLink, signInWithMagicLink } from '@/lib/auth/email-sign-in';
import { SoftwareAuthenticator } from './support/software-authenticator';

async function addPasskeyFor(userId: string, sessionId: string) {
  const options = await passkeyRegistrationOptions(userId);
  const added = await registerPasskey(asUser(userId, sessionId), new SoftwareAuthenticator().register(options));
  if (!added.ok) throw new Error(added.message);
  return added.passkey.id;
}

describe('step-up', () => {
  it('treats a sign-in older than ten minutes as stale, and a password re-entry refreshes it', async () => {
    const { user } = await signUpCustomer();
    const stale = await sessionFor(user.id, { authenticatedMinutesAgo: 11 });
    expect(isRecentlyAuthenticated(stale)).toBe(false);
    expect(await reauthenticateWithPassword(stale, 'wrong password', newContext())).toEqual({ ok: false, message: 'That password is not right.' });
    expect(await reauthenticateWithPassword(stale, GOOD_PASSWORD, newContext())).toEqual({ ok: true });
    const refreshed = await db.session.findUniqueOrThrow({ where: { id: stale.sessionId } });
    expect(isRecentlyAuthenticated({ authenticatedAt: refreshed.authenticatedAt.toISOString() })).toBe(true);
    expect(await db.auditEvent.count({ where: { action: 'user.step_up', targetId: user.id } })).toBe(2);
  });
});

describe('password management', () => {
  it('changes the password and signs out every other device, keeping this one', async () => {
    const { email, user } = await signUpCustomer();
    const here = await sessionFor(user.id);
    const elsewhere = await sessionFor(user.id);
    expect(await setPassword(here, 'another quiet passphrase', newContext())).toEqual({ ok: true });
    expect(await findActiveSession(here.token)).not.toBeNull();
    expect(await findActiveSession(elsewhere.token)).toBeNull();
    expect((await signInWithPassword({ email, password: 'another quiet passphrase' }, newContext())).ok).toBe(true);
    expect(await db.auditEvent.count({ where: { action: 'user.password_changed', targetId: user.id } })).toBe(1);
    expect(await setPassword(here, 'letmein', newContext())).toMatchObject({ ok: false, fieldErrors: { password: expect.any(String) } });
  });

  it('removes a password only when another way in exists', async () => {
    const { user } = await signUpCustomer();
    const session = await sessionFor(user.id);
    expect(await removePassword(session, newContext())).toMatchObject({ ok: false, formError: expect.stringMatching(/confirm your email address or add a passkey/) });
    await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    expect(await removePassword(session, newContext())).toEqual({ ok: true });
    expect(await db.passwordCredential.findUnique({ where: { userId: user.id } })).toBeNull();
  });
});

describe('email change', () => {
  it('switches only after the new address confirms, and tells the old address', async () => {
    const { email, user } = await signUpCustomer();
    const session = await sessionFor(user.id);
    const newEmail = uniqueEmail('moved');
    expect(await requestEmailChange(session, newEmail, newContext())).toEqual({ ok: true });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(email);
    expect((await lastEmailTo(email))?.subject).toBe('Your email address is being changed');
    const token = tokenFrom((await lastEmailTo(newEmail))!.text);
    expect(await confirmEmailChange(token, newContext())).toEqual({ ok: true, email: newEmail });
    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.email).toBe(newEmail);
    expect(after.emailVerified).not.toBeNull();
    expect(await confirmEmailChange(token, newContext())).toMatchObject({ ok: false });
  });

  it('"this was not me" stops the change and signs every device out', async () => {
    const { email, user } = await signUpCustomer();
    const session = await sessionFor(user.id);
    const newEmail = uniqueEmail('attacker');
    await requestEmailChange(session, newEmail, newContext());
    const confirmToken = tokenFrom((await lastEmailTo(newEmail))!.text);
    const reportToken = tokenFrom((await lastEmailTo(email))!.text);
    expect(await reportEmailChange(reportToken, newContext())).toEqual({ ok: true, restoredEmail: null });
    expect(await findActiveSession(session.token)).toBeNull();
    expect(await confirmEmailChange(confirmToken, newContext())).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(email);
  });

  it('"this was not me" after the change completed puts the old address back and takes back everything added since the request', async () => {
    const { email, user } = await signUpCustomer();
    await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    const owners = await sessionFor(user.id);
    // Set up by the owner before anyone asked for a change: these stay.
    const ownerPasskey = await addPasskeyFor(user.id, owners.sessionId);
    await db.account.create({ data: { userId: user.id, type: 'oidc', provider: 'google', providerAccountId: `owner-${user.id}` } });
    await new Promise((resolve) => setTimeout(resolve, 5));

    // Someone with a session moves the account to their own address and digs in.
    const attackers = await sessionFor(user.id);
    const attackerEmail = uniqueEmail('attacker');
    await requestEmailChange(attackers, attackerEmail, newContext());
    const firstReportLink = tokenFrom((await lastEmailTo(email))!.text);
    await addPasskeyFor(user.id, attackers.sessionId);
    await startTotpEnrolment(user.id);
    const secret = (await pendingTotpSetup(user.id))!.manualKey.replace(/\s/g, '');
    const enrolled = await confirmTotpEnrolment(asUser(user.id, attackers.sessionId), new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate());
    if (!enrolled.ok) throw new Error(enrolled.message);
    await db.account.create({ data: { userId: user.id, type: 'oidc', provider: 'github', providerAccountId: `attacker-${user.id}` } });
    // (Changing the password also signs the owner's session out: one session is left to end.)
    expect(await setPassword(attackers, 'attackers chosen passphrase', newContext())).toEqual({ ok: true });
    const grantId = `grant-${user.id}`;
    await db.oidcPayload.createMany({
      data: [
        { id: `Session:s-${user.id}`, type: 'Session', payload: '{}', accountId: user.id },
        { id: `Grant:${grantId}`, type: 'Grant', payload: '{}', accountId: user.id, clientId: 'partner' },
        { id: `RefreshToken:r-${user.id}`, type: 'RefreshToken', payload: '{}', grantId },
      ],
    });
    expect(await confirmEmailChange(tokenFrom((await lastEmailTo(attackerEmail))!.text), newContext())).toMatchObject({ ok: true });

    // The old address is told the change happened, with a fresh link; the first link still works.
    const done = await lastEmailTo(email);
    expect(done?.subject).toBe('Your email address was changed');
    const secondReportLink = tokenFrom(done!.text);
    expect(await reportEmailChange(firstReportLink, newContext())).toEqual({ ok: true, restoredEmail: email });

    const after = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(after.email).toBe(email);
    expect(after.emailVerified).not.toBeNull();
    expect(await findActiveSession(attackers.token)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id, revokedAt: null } })).toBe(0);
    expect(await db.oidcPayload.count({ where: { OR: [{ accountId: user.id }, { grantId }] } })).toBe(0);
    expect((await db.passkey.findMany({ where: { userId: user.id } })).map((p) => p.id)).toEqual([ownerPasskey]);
    expect(await db.mfaFactor.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect((await db.account.findMany({ where: { userId: user.id } })).map((a) => a.provider)).toEqual(['google']);
    // The password the attacker chose is gone too; the owner comes back in by an emailed link.
    expect(await signInWithPassword({ email, password: 'attackers chosen passphrase' }, newContext())).toMatchObject({ ok: false });
    await requestMagicLink(email, undefined, newContext());
    const back = await signInWithMagicLink(tokenFrom((await lastEmailTo(email))!.text), newContext());
    expect(back).toMatchObject({ ok: true, outcome: { kind: 'signed_in' } });

    const [reported] = await db.auditEvent.findMany({ where: { action: 'user.email_change_reported', targetId: user.id } });
    expect(JSON.parse(reported!.metadata!)).toMatchObject({ changedAlready: true, restored: true, passkeys: 1, authenticators: 1, linkedAccounts: 1, password: 1, sessions: 1, appAccess: 3 });
    // Used once: the other link sent to the old address is spent with it.
    expect(await reportEmailChange(secondReportLink, newContext())).toMatchObject({ ok: false });
  });

  it('does not reveal that the new address belongs to someone else', async () => {
    const { email: taken } = await signUpCustomer();
    const { user } = await signUpCustomer();
    const session = await sessionFor(user.id);
    expect(await requestEmailChange(session, taken, newContext())).toEqual({ ok: true });
    expect((await lastEmailTo(taken))?.subject).not.toBe('Confirm your new email address');
  });
});

describe('devices', () => {
  it('lists live sessions with this device marked, revokes one, and ignores other users\' sessions', async () => {
    const { user } = await signUpCustomer();
    const here = await sessionFor(user.id);
    const phone = await sessionFor(user.id);
    const { user: stranger } = await signUpCustomer();
    const theirs = await sessionFor(stranger.id);

    const listed = await activeSessions(user.id, here.sessionId);
    expect(listed.map((s) => s.current)).toContain(true);
    expect(listed).toHaveLength(2);
    expect(listed[0]!.device).toBe('Unknown browser');

    expect(await revokeSessionOf(user.id, theirs.sessionId, asUser(user.id, here.sessionId))).toMatchObject({ ok: false, code: 'not_found' });
    expect(await findActiveSession(theirs.token)).not.toBeNull();
    expect(await revokeSessionOf(user.id, phone.sessionId, asUser(user.id, here.sessionId))).toEqual({ ok: true });
    expect(await findActiveSession(phone.token)).toBeNull();

    await sessionFor(user.id);
    expect(await revokeOtherSessions(asUser(user.id, here.sessionId))).toEqual({ ok: true, count: 1 });
    expect(await activeSessions(user.id, here.sessionId)).toHaveLength(1);
  });
});

describe('linked accounts', () => {
  it('cannot unlink the last way in', async () => {
    const { user } = await signUpCustomer({ password: null });
    const session = await sessionFor(user.id);
    const account = await db.account.create({ data: { userId: user.id, type: 'oidc', provider: 'github', providerAccountId: '12345' } });
    expect(await unlinkAccount(account.id, asUser(user.id, session.sessionId))).toMatchObject({ ok: false });
    await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    expect(await unlinkAccount(account.id, asUser(user.id, session.sessionId))).toEqual({ ok: true });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
  });
});
