import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { findActiveSession } from '@/lib/auth/sessions';
import { signedInFrom, GOOD_PASSWORD, newContext, signUpCustomer, uniqueEmail } from './support/fixtures';

describe('password sign-in', () => {
  it('creates a server-side session, counts the sign-in and audits it', async () => {
    const { email, user } = await signUpCustomer();
    const result = await signInWithPassword({ email: email.toUpperCase(), password: GOOD_PASSWORD }, newContext());
    if (!result.ok) throw new Error(result.message);
    const signedIn = signedInFrom(result.outcome);
    const session = await findActiveSession(signedIn.token);
    expect(session?.userId).toBe(user.id);
    expect(session?.authMethods).toBe('password');
    // Only a keyed hash of the cookie value is stored.
    expect(await db.session.findFirst({ where: { sessionToken: signedIn.token } })).toBeNull();
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).signInCount).toBe(1);
    const event = await db.auditEvent.findFirst({ where: { action: 'user.sign_in', targetId: user.id } });
    expect(event).toMatchObject({ result: 'success', sessionId: signedIn.session.id });
  });

  it('gives the same answer for a wrong password and an unknown email, and audits the reason', async () => {
    const { email, user } = await signUpCustomer();
    const wrong = await signInWithPassword({ email, password: 'not the password' }, newContext());
    const unknown = await signInWithPassword({ email: uniqueEmail('nobody'), password: 'not the password' }, newContext());
    expect(wrong.ok).toBe(false);
    expect(unknown.ok).toBe(false);
    if (wrong.ok || unknown.ok) return;
    expect(wrong.message).toBe(unknown.message);
    expect(wrong.error).toBe('invalid');
    const failure = await db.auditEvent.findFirst({ where: { action: 'user.sign_in_failed', targetId: user.id } });
    expect(failure).toMatchObject({ result: 'failure', reason: 'wrong_password' });
  });

  it('locks an account after five failures, even against the right password, and says so clearly', async () => {
    const { email, user } = await signUpCustomer();
    const ctx = newContext();
    const answers = [];
    for (let i = 0; i < 5; i += 1) answers.push(await signInWithPassword({ email, password: `wrong ${i}` }, ctx));
    expect(answers.slice(0, 4).map((a) => !a.ok && a.error)).toEqual(['invalid', 'invalid', 'invalid', 'invalid']);
    const fifth = answers[4]!;
    expect(!fifth.ok && fifth.error).toBe('locked');
    expect(!fifth.ok && fifth.message).toMatch(/paused for 15 minutes/);

    const right = await signInWithPassword({ email, password: GOOD_PASSWORD }, ctx);
    expect(!right.ok && right.error).toBe('locked');
    const stored = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(stored.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await db.auditEvent.count({ where: { action: 'user.locked_out', targetId: user.id } })).toBe(1);
  });

  it('keeps a lock the account row holds, when no attempt counter remembers it (another instance, a restart)', async () => {
    const { email, user } = await signUpCustomer();
    await db.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() + 10 * 60_000) } });
    const right = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    expect(!right.ok && right.error).toBe('locked');
    expect(!right.ok && right.message).toMatch(/paused for 10 minutes/);
    // Once it has run out, the right password signs in and clears it.
    await db.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext())).ok).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil).toBeNull();
  });

  it('locks unknown emails after the same number of failures, so lockout reveals nothing', async () => {
    const email = uniqueEmail('ghost');
    const ctx = newContext();
    let last;
    for (let i = 0; i < 5; i += 1) last = await signInWithPassword({ email, password: `wrong ${i}` }, ctx);
    expect(last && !last.ok && last.error).toBe('locked');
  });

  it('refuses suspended accounts', async () => {
    const { email, user } = await signUpCustomer();
    await db.user.update({ where: { id: user.id }, data: { status: 'suspended' } });
    const result = await signInWithPassword({ email, password: GOOD_PASSWORD }, newContext());
    expect(!result.ok && result.error).toBe('suspended');
  });

  it('validates input with field messages', async () => {
    const result = await signInWithPassword({ email: 'nope', password: '' }, newContext());
    expect(!result.ok && result.fieldErrors).toMatchObject({ email: expect.stringMatching(/valid email/), password: 'Enter your password.' });
  });
});
