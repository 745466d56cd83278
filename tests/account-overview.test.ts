import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { signInMethodsFor } from '@/lib/auth/sign-in-methods';
import { accountOverview, accountSummary } from '@/lib/users/account-overview';
import { securityChecklist } from '@/lib/users/security-checklist';
import { metrics } from '@/lib/operations/metrics';
import { signUpCustomer } from './support/fixtures';

// The overview page reads the person and their ways in with one statement (accountSummary); it
// must say exactly what the per-relation reads it replaces say, on both databases.
async function expectSummaryAgrees(userId: string) {
  const [summary, overview, methods] = await Promise.all([accountSummary(userId), accountOverview(userId), signInMethodsFor(userId)]);
  const person = { ...overview, attributes: undefined };
  expect({ ...summary, methods: undefined }).toEqual({ ...person, methods: undefined, attributes: undefined });
  expect(summary.methods).toEqual(methods);
  return summary;
}

describe('the account overview', () => {
  it('reads the person and their ways in as the separate reads do, in one statement', async () => {
    const { user } = await signUpCustomer();
    const fresh = await expectSummaryAgrees(user.id);
    expect(fresh.methods).toMatchObject({ password: true, passkeys: 0, linkedAccounts: 0, mfa: false, unusedRecoveryCodes: 0 });

    await db.passkey.create({ data: { userId: user.id, credentialId: randomUUID(), publicKey: new Uint8Array([1, 2, 3]), deviceType: 'multiDevice', name: 'Laptop' } });
    await db.account.create({ data: { userId: user.id, type: 'oidc', provider: 'example', providerAccountId: randomUUID() } });
    await db.mfaFactor.create({ data: { userId: user.id, type: 'totp', secretEncrypted: 'not-a-real-secret', confirmedAt: new Date() } });
    await db.recoveryCode.createMany({ data: [{ userId: user.id, codeHash: randomUUID() }, { userId: user.id, codeHash: randomUUID(), usedAt: new Date() }] });
    await db.user.update({ where: { id: user.id }, data: { emailVerified: null, signInCount: 7 } });
    const full = await expectSummaryAgrees(user.id);
    expect(full).toMatchObject({ emailVerified: null, signInCount: 7, methods: { passkeys: 1, linkedAccounts: 1, mfa: true, unusedRecoveryCodes: 1, email: false } });
    expect(securityChecklist(full.methods).map((item) => [item.key, item.done])).toEqual([
      ['email', false],
      ['passkey', true],
      ['mfa', true],
      ['recovery', true],
    ]);

    const counter = metrics().dbStatements;
    const single = async () => (await counter.get()).values.find((v) => v.labels.scope === 'single')?.value ?? 0;
    const before = await single();
    await accountSummary(user.id);
    expect((await single()) - before).toBe(1);
  });
});
