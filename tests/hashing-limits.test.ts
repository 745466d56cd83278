import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { argon2Load, hashPassword, verifyPassword } from '@/lib/auth/passwords';
import { requestPasswordReset, resetPassword } from '@/lib/auth/password-reset';
import { setPassword } from '@/lib/auth/password-management';
import { lastEmailTo, newContext, signUpCustomer, tokenFrom } from './support/fixtures';
import { sessionFor } from './support/sessions';

describe('argon2 runs at most one hash per core at a time', () => {
  it('queues a burst of parallel hashes and verifications instead of filling the thread pool', async () => {
    const cores = availableParallelism();
    expect(argon2Load().limit).toBe(cores);
    const stored = await hashPassword('a passphrase to check against');
    const before = argon2Load();
    expect(before.running).toBe(0);

    const burst = Array.from({ length: cores * 4 }, (_, i) => (i % 2 ? hashPassword(`burst ${i}`) : verifyPassword(stored, `burst ${i}`)));
    // Taken synchronously, before any hash can finish: the cap is full and the rest wait.
    const during = argon2Load();
    expect(during.running).toBe(cores);
    expect(during.waiting).toBe(cores * 3);
    await Promise.all(burst);

    const after = argon2Load();
    expect(after.peak).toBeLessThanOrEqual(cores);
    expect(after).toMatchObject({ running: 0, waiting: 0, started: before.started + cores * 4 });
  });
});

describe('password reset does no hashing for a bad link', () => {
  it('answers a forged or expired link before any argon2 work', async () => {
    const { email } = await signUpCustomer();
    await requestPasswordReset(email, newContext());
    const token = tokenFrom((await lastEmailTo(email))!.text);
    await db.verificationToken.updateMany({ where: { identifier: email, purpose: 'password_reset' }, data: { expires: new Date(Date.now() - 1) } });

    const before = argon2Load().started;
    expect(await resetPassword('forged-token-that-was-never-issued', 'a sensible passphrase', newContext())).toEqual({ ok: false, message: expect.stringMatching(/not valid/) });
    expect(await resetPassword(token, 'a sensible passphrase', newContext())).toEqual({ ok: false, message: expect.stringMatching(/expired/) });
    expect(argon2Load().started).toBe(before);
  });

  it('limits how many new passwords one network may ask to be hashed', async () => {
    const network = newContext();
    for (let i = 0; i < 20; i += 1) await resetPassword(`forged-${randomUUID()}`, 'a sensible passphrase', network);
    expect(await resetPassword(`forged-${randomUUID()}`, 'a sensible passphrase', network)).toEqual({ ok: false, message: expect.stringMatching(/from your network/) });

    // Setting or changing a password draws on the same allowance.
    const { user } = await signUpCustomer();
    const here = await sessionFor(user.id);
    const before = argon2Load().started;
    expect(await setPassword(here, 'another quiet passphrase', network)).toEqual({ ok: false, formError: expect.stringMatching(/from your network/) });
    expect(argon2Load().started).toBe(before);
  });
});
