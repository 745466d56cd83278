import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { requestPasswordReset, resetPassword } from '@/lib/auth/password-reset';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { findActiveSession } from '@/lib/auth/sessions';
import { signedInFrom, GOOD_PASSWORD, lastEmailTo, newContext, signUpCustomer, tokenFrom, uniqueEmail } from './support/fixtures';

describe('password reset', () => {
  it('sets the new password once and signs out every other session', async () => {
    const { email, user } = await signUpCustomer();
    const before = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    if (!before.ok) throw new Error(before.message);

    await requestPasswordReset(email, newContext());
    const token = tokenFrom((await lastEmailTo(email))!.text);
    const result = await resetPassword(token, 'a brand new passphrase', newContext());
    if (!result.ok) throw new Error(JSON.stringify(result));

    expect(await findActiveSession(signedInFrom(before.outcome).token)).toBeNull();
    expect(await findActiveSession(signedInFrom(result.outcome).token)).not.toBeNull();
    expect((await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext())).ok).toBe(false);
    expect((await signInWithPassword({ email, password: 'a brand new passphrase' }, newContext())).ok).toBe(true);
    expect(await db.auditEvent.findFirst({ where: { action: 'user.password_reset', targetId: user.id } })).not.toBeNull();
    expect((await lastEmailTo(email))?.subject).toBe('Your password was changed');

    const reused = await resetPassword(token, 'yet another passphrase', newContext());
    expect(reused).toEqual({ ok: false, message: expect.stringMatching(/already been used/) });
  });

  it('answers an unknown email exactly like a known one', async () => {
    const { email } = await signUpCustomer();
    const known = await requestPasswordReset(email, newContext());
    const unknownEmail = uniqueEmail('nobody');
    const unknown = await requestPasswordReset(unknownEmail, newContext());
    expect(unknown).toEqual(known);
    expect(await lastEmailTo(unknownEmail)).toBeNull();
  });

  it('rejects a weak new password and keeps the link usable', async () => {
    const { email } = await signUpCustomer();
    await requestPasswordReset(email, newContext());
    const token = tokenFrom((await lastEmailTo(email))!.text);
    expect(await resetPassword(token, 'qwerty123', newContext())).toEqual({ ok: false, fieldErrors: { password: expect.stringMatching(/most common/) } });
    expect((await resetPassword(token, 'a sensible passphrase', newContext())).ok).toBe(true);
  });

  it('refuses an expired link', async () => {
    const { email } = await signUpCustomer();
    await requestPasswordReset(email, newContext());
    const token = tokenFrom((await lastEmailTo(email))!.text);
    await db.verificationToken.updateMany({ where: { identifier: email, purpose: 'password_reset' }, data: { expires: new Date(Date.now() - 1) } });
    expect(await resetPassword(token, 'a sensible passphrase', newContext())).toEqual({ ok: false, message: expect.stringMatching(/expired/) });
  });
});
