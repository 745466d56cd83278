import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import {
  EMAIL_CODE_ERROR,
  requestEmailCode,
  requestMagicLink,
  signInWithEmailCode,
  signInWithMagicLink,
} from '@/lib/auth/email-sign-in';
import { verifyEmail } from '@/lib/auth/email-verification';
import { codeFrom, signedInFrom, lastEmailTo, newContext, signUpCustomer, tokenFrom, uniqueEmail } from './support/fixtures';

describe('magic links', () => {
  it('sign in once, verify the address, and keep the destination', async () => {
    const { email, user } = await signUpCustomer({ password: null });
    await requestMagicLink(email, '/account/recovery', newContext());
    const mail = await lastEmailTo(email);
    expect(mail?.subject).toBe('Your sign-in link');
    const token = tokenFrom(mail!.text);

    const first = await signInWithMagicLink(token, newContext());
    if (!first.ok) throw new Error(first.message);
    expect(first.next).toBe('/account/recovery');
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).not.toBeNull();

    const reused = await signInWithMagicLink(token, newContext());
    expect(reused).toEqual({ ok: false, message: expect.stringMatching(/already been used/) });
  });

  it('refuse an expired link and never redirect off-site', async () => {
    const { email } = await signUpCustomer({ password: null });
    await requestMagicLink(email, 'https://evil.example/steal', newContext());
    const token = tokenFrom((await lastEmailTo(email))!.text);
    const stored = await db.verificationToken.findFirstOrThrow({ where: { identifier: email, purpose: 'magic_link', consumedAt: null } });
    expect(stored.payload).toBe('/account');
    await db.verificationToken.update({ where: { id: stored.id }, data: { expires: new Date(Date.now() - 1000) } });
    expect(await signInWithMagicLink(token, newContext())).toEqual({ ok: false, message: expect.stringMatching(/expired/) });
  });

  it('answer unknown addresses the same way, without sending anything', async () => {
    const email = uniqueEmail('nobody');
    expect(await requestMagicLink(email, undefined, newContext())).toEqual({ ok: true });
    expect(await lastEmailTo(email)).toBeNull();
  });
});

describe('email codes', () => {
  it('sign in with the 6-digit code once', async () => {
    const { email } = await signUpCustomer();
    await requestEmailCode(email, newContext());
    const code = codeFrom((await lastEmailTo(email))!.subject);
    const result = await signInWithEmailCode(email, code, newContext());
    expect(result.ok).toBe(true);
    expect(await signInWithEmailCode(email, code, newContext())).toEqual({ ok: false, message: EMAIL_CODE_ERROR });
  });

  it('die after five wrong guesses, even if the sixth is right', async () => {
    const { email, user } = await signUpCustomer();
    await requestEmailCode(email, newContext());
    const code = codeFrom((await lastEmailTo(email))!.subject);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1) {
      expect(await signInWithEmailCode(email, wrong, newContext())).toEqual({ ok: false, message: EMAIL_CODE_ERROR });
    }
    expect(await signInWithEmailCode(email, code, newContext())).toEqual({ ok: false, message: EMAIL_CODE_ERROR });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: 'user.locked_out', reason: 'email_code_attempts' } })).toBeGreaterThan(0);
  });

  it('are not stored in clear', async () => {
    const { email } = await signUpCustomer();
    await requestEmailCode(email, newContext());
    const code = codeFrom((await lastEmailTo(email))!.subject);
    expect(await db.verificationToken.findFirst({ where: { token: code } })).toBeNull();
  });
});

describe('email verification', () => {
  it('confirms the address once and signs the person in', async () => {
    const { email, user } = await signUpCustomer();
    const token = tokenFrom((await lastEmailTo(email))!.text);
    const result = await verifyEmail(token, null, newContext());
    if (!result.ok) throw new Error(result.message);
    expect(signedInFrom(result.outcome).user.id).toBe(user.id);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerified).not.toBeNull();
    expect(await verifyEmail(token, null, newContext())).toEqual({ ok: false, message: expect.stringMatching(/already been used/) });
  });
});
