import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { signUp } from '@/lib/auth/sign-up';
import { verifyPassword } from '@/lib/auth/passwords';
import { COMMON_PASSWORD_MESSAGE } from '@/lib/auth/passwords';
import { currentRequiredDocuments } from '@/lib/consent/record';
import { GOOD_PASSWORD, lastEmailTo, newContext, signUpCustomer, uniqueEmail } from './support/fixtures';

describe('sign-up', () => {
  it('creates an unverified account with an argon2id password, accepted terms, an audit event and a confirmation email', async () => {
    const { email, user } = await signUpCustomer();
    expect(user.emailVerified).toBeNull();
    expect(user.status).toBe('active');
    const credential = await db.passwordCredential.findUniqueOrThrow({ where: { userId: user.id } });
    expect(credential.hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(credential.hash, GOOD_PASSWORD)).toBe(true);

    const consents = await db.consentRecord.findMany({ where: { userId: user.id }, include: { purpose: true, version: true } });
    expect(consents.map((c) => c.purpose.key).sort()).toEqual(['privacy', 'terms']);
    // The versions current at sign-up (other test files publish new ones in the shared database).
    const current = new Set((await currentRequiredDocuments(db)).map((d) => d.version.id));
    expect(consents.every((c) => c.granted && current.has(c.versionId) && c.source === 'sign_up')).toBe(true);

    const audit = await db.auditEvent.findFirst({ where: { action: 'user.sign_up', targetId: user.id } });
    expect(audit).toMatchObject({ result: 'success', actorId: user.id, userAgent: 'vitest' });
    expect(audit?.ipAddress).toBeTruthy();

    const mail = await lastEmailTo(email);
    expect(mail?.subject).toBe('Confirm your email address');
    expect(mail?.text).toContain('/verify-email?token=');
  });

  it('lets a customer sign up without a password', async () => {
    const { user } = await signUpCustomer({ password: null });
    expect(await db.passwordCredential.findUnique({ where: { userId: user.id } })).toBeNull();
  });

  it('answers a taken email exactly like a new one, and tells the owner by email instead', async () => {
    const { email } = await signUpCustomer();
    const again = await signUp({ email: email.toUpperCase(), method: 'password', password: 'another fine passphrase', acceptTerms: true }, newContext());
    // The browser gets a sign-up binding either way, of the same form, bound to nothing here.
    expect(again).toEqual({ ok: true, browserBinding: expect.stringMatching(/^[A-Za-z0-9_-]{32,}$/) });
    expect((await lastEmailTo(email))?.subject).toBe('You already have an account');
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it('rejects malformed and over-long emails, short and common passwords, and missing terms with field messages', async () => {
    const ctx = newContext();
    const bad = async (input: Record<string, unknown>) => {
      const result = await signUp({ method: 'password', password: GOOD_PASSWORD, acceptTerms: true, email: uniqueEmail(), ...input }, ctx);
      if (result.ok) throw new Error('expected a failure');
      return result.fieldErrors ?? {};
    };
    expect((await bad({ email: 'not-an-email' })).email).toMatch(/valid email address/);
    expect((await bad({ email: `${'a'.repeat(250)}@example.test` })).email).toMatch(/at most 254/);
    expect((await bad({ password: 'short' })).password).toMatch(/at least 8 characters/);
    expect((await bad({ password: 'password1' })).password).toBe(COMMON_PASSWORD_MESSAGE);
    expect((await bad({ password: 'x'.repeat(257) })).password).toMatch(/at most 256/);
    expect((await bad({ acceptTerms: false })).acceptTerms).toMatch(/Accept the terms/);
  });

  it('accepts a long passphrase without truncating it', async () => {
    const passphrase = 'a very long passphrase that keeps going '.repeat(4).slice(0, 150);
    const { user } = await signUpCustomer({ password: passphrase });
    const credential = await db.passwordCredential.findUniqueOrThrow({ where: { userId: user.id } });
    expect(await verifyPassword(credential.hash, passphrase)).toBe(true);
    expect(await verifyPassword(credential.hash, passphrase.slice(0, 128))).toBe(false);
  });
});
