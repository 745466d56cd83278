import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { findActiveSession } from '@/lib/auth/sessions';
import { removePassword, setPassword } from '@/lib/auth/password-management';
import { activeSessions, revokeOtherSessions, revokeOwnSession } from '@/lib/auth/devices';
import { isRecentlyAuthenticated } from '@/lib/auth/step-up';
import { reauthenticateWithPassword } from '@/lib/auth/reauthenticate';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { unlinkAccount } from '@/lib/users/linked-accounts';
import { confirmEmailChange, reportEmailChange, requestEmailChange } from '@/lib/users/email-change';
import { GOOD_PASSWORD, lastEmailTo, newContext, signUpCustomer, tokenFrom, uniqueEmail } from './support/fixtures';
import { sessionFor } from './support/sessions';

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
    expect(await reportEmailChange(reportToken, newContext())).toEqual({ ok: true });
    expect(await findActiveSession(session.token)).toBeNull();
    expect(await confirmEmailChange(confirmToken, newContext())).toMatchObject({ ok: false });
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(email);
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

    expect(await revokeOwnSession({ userId: user.id, sessionId: theirs.sessionId, currentSessionId: here.sessionId, context: newContext() })).toMatchObject({ ok: false });
    expect(await findActiveSession(theirs.token)).not.toBeNull();
    expect(await revokeOwnSession({ userId: user.id, sessionId: phone.sessionId, currentSessionId: here.sessionId, context: newContext() })).toEqual({ ok: true });
    expect(await findActiveSession(phone.token)).toBeNull();

    await sessionFor(user.id);
    expect(await revokeOtherSessions({ userId: user.id, currentSessionId: here.sessionId, context: newContext() })).toEqual({ ok: true, count: 1 });
    expect(await activeSessions(user.id, here.sessionId)).toHaveLength(1);
  });
});

describe('linked accounts', () => {
  it('cannot unlink the last way in', async () => {
    const { user } = await signUpCustomer({ password: null });
    const session = await sessionFor(user.id);
    const account = await db.account.create({ data: { userId: user.id, type: 'oidc', provider: 'github', providerAccountId: '12345' } });
    expect(await unlinkAccount({ userId: user.id, accountId: account.id, sessionId: session.sessionId, context: newContext() })).toMatchObject({ ok: false });
    await db.user.update({ where: { id: user.id }, data: { emailVerified: new Date() } });
    expect(await unlinkAccount({ userId: user.id, accountId: account.id, sessionId: session.sessionId, context: newContext() })).toEqual({ ok: true });
    expect(await db.account.count({ where: { userId: user.id } })).toBe(0);
  });
});
