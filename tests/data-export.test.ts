import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { signInWithPassword } from '@/lib/auth/password-sign-in';
import { changeConsent } from '@/lib/consent/change';
import { exportOwnData } from '@/lib/dsr/self-service-export';
import { saveProfileAnswers } from '@/lib/profile/progressive';
import { asUser, GOOD_PASSWORD, newContext, signedInFrom, signUpCustomer } from './support/fixtures';

/**
 * A customer with a bit of everything, some of it secret. Passkeys, MFA, recovery codes
 * and linked accounts are written directly: their own flows are tested elsewhere, and
 * here only their presence (and their secrets' absence) in the export matters.
 */
async function customerWithEverything(label: string) {
  const customer = await signUpCustomer();
  const userId = customer.user.id;
  const signIn = await signInWithPassword({ email: customer.email, password: GOOD_PASSWORD }, newContext());
  if (!signIn.ok) throw new Error(signIn.message);
  const signedIn = signedInFrom(signIn.outcome);
  await saveProfileAnswers({ userId, fields: [{ key: 'phone', label: 'Phone number', type: 'tel', required: true }], values: { phone: '+44 20 7946 0958' }, context: newContext() });
  await db.userAttribute.update({ where: { userId_key: { userId, key: 'phone' } }, data: { verifiedAt: new Date(), verificationMethod: 'sms_code' } });
  await changeConsent({ userId, purposeKey: 'marketing_email', granted: true }, asUser(userId));
  const secrets = {
    sessionToken: signedIn.token,
    sessionTokenHash: signedIn.session.sessionToken,
    passwordHash: (await db.passwordCredential.findUniqueOrThrow({ where: { userId } })).hash,
    totpSecret: `TOTP-SECRET-CIPHERTEXT-${label}`,
    recoveryCodeHash: `RECOVERY-CODE-HASH-${label}`,
    accessToken: `UPSTREAM-ACCESS-TOKEN-${label}`,
    refreshToken: `UPSTREAM-REFRESH-TOKEN-${label}`,
    idToken: `UPSTREAM-ID-TOKEN-${label}`,
    passkeyPublicKey: Buffer.from(`PASSKEY-PUBLIC-KEY-${label}`).toString('base64'),
  };
  await db.mfaFactor.create({ data: { userId, type: 'totp', secretEncrypted: secrets.totpSecret, label: 'Phone app', confirmedAt: new Date() } });
  await db.recoveryCode.create({ data: { userId, codeHash: secrets.recoveryCodeHash } });
  await db.account.create({
    data: {
      userId, type: 'oidc', provider: 'example-idp', providerAccountId: `idp-${label}-${userId}`,
      access_token: secrets.accessToken, refresh_token: secrets.refreshToken, id_token: secrets.idToken,
    },
  });
  await db.passkey.create({
    data: { userId, credentialId: `cred-${label}-${userId}`, publicKey: Buffer.from(`PASSKEY-PUBLIC-KEY-${label}`), deviceType: 'multiDevice', name: 'Laptop' },
  });
  return { ...customer, userId, sessionId: signedIn.session.id, secrets };
}

describe('download my data', () => {
  it("contains the person's data and none of their secrets, and nothing about anyone else", async () => {
    const alice = await customerWithEverything('alice');
    const bob = await customerWithEverything('bob');

    const result = await exportOwnData(asUser(alice.userId, alice.sessionId));
    if (!result.ok) throw new Error('export was rate limited');
    const json = JSON.stringify(result.document);
    const file = JSON.parse(json) as typeof result.document;

    expect(file).toMatchObject({ format: 'gatehouse.export', version: 1, subject: { id: alice.userId, email: alice.email } });
    expect(file.profile).toMatchObject({ email: alice.email, emailVerified: false });
    expect(file.profile.attributes).toEqual([expect.objectContaining({ key: 'phone', value: '+44 20 7946 0958', verified: true, verificationMethod: 'sms_code' })]);
    expect(file.signIn.linkedAccounts).toEqual([expect.objectContaining({ provider: 'example-idp', providerAccountId: `idp-alice-${alice.userId}` })]);
    expect(file.signIn.passkeys).toEqual([expect.objectContaining({ name: 'Laptop', deviceType: 'multiDevice' })]);
    expect(file.signIn.mfaFactors).toEqual([expect.objectContaining({ type: 'totp', label: 'Phone app' })]);
    expect(file.signIn.recoveryCodes).toEqual({ total: 1, unused: 1 });
    expect(file.sessions.map((s) => s.id)).toContain(alice.sessionId);
    expect(file.consent.history.map((h) => [h.purpose, h.granted, h.version, h.source])).toEqual(
      expect.arrayContaining([
        ['marketing_email', true, 1, 'account'],
        ['terms', true, expect.any(Number), 'sign_up'],
      ]),
    );
    expect(file.consent.current.find((c) => c.key === 'marketing_email')).toMatchObject({ granted: true, decidedVersion: 1 });
    expect(file.auditEvents.map((e) => e.action)).toEqual(expect.arrayContaining(['user.sign_up', 'user.sign_in', 'user.consent_changed', 'user.data_exported']));

    for (const [name, secret] of Object.entries(alice.secrets)) {
      expect(json.includes(secret), `${name} must not be exported`).toBe(false);
    }
    for (const column of ['sessionToken', 'secretEncrypted', 'codeHash', 'access_token', 'refresh_token', 'id_token', 'publicKey', '"hash"', 'prevHash']) {
      expect(json.includes(column), `${column} must not be exported`).toBe(false);
    }
    for (const foreign of [bob.email, bob.userId, bob.sessionId, `idp-bob-${bob.userId}`]) {
      expect(json.includes(foreign), 'nothing about another person').toBe(false);
    }
  });

  it('is recorded as a completed self-service access request and audited, in the file too', async () => {
    const alice = await customerWithEverything('carol');
    const before = Date.now();
    const result = await exportOwnData(asUser(alice.userId, alice.sessionId));
    if (!result.ok) throw new Error('export was rate limited');

    const request = await db.dataSubjectRequest.findUniqueOrThrow({ where: { id: result.requestId } });
    expect(request).toMatchObject({ userId: alice.userId, subjectEmail: alice.email, type: 'access', status: 'completed', source: 'self_service' });
    expect(request.completedAt).not.toBeNull();
    const dueInDays = (request.dueAt.getTime() - before) / 86_400_000;
    expect(dueInDays).toBeGreaterThan(29.9);
    expect(dueInDays).toBeLessThan(30.1);
    expect(JSON.parse(request.evidence!)).toMatchObject({
      format: 'gatehouse.export/1',
      counts: { attributes: 1, linkedAccounts: 1, passkeys: 1, mfaFactors: 1, consentRecords: 3, dataSubjectRequests: 1 },
    });

    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.data_exported', targetId: alice.userId } });
    expect(audit).toMatchObject({ actorId: alice.userId, sessionId: alice.sessionId });
    expect(result.document.dataSubjectRequests).toEqual([expect.objectContaining({ id: request.id, type: 'access', status: 'completed' })]);
    expect(result.document.auditEvents.some((e) => e.id === audit.id && e.actor === 'you')).toBe(true);
  });

  it('allows five exports an hour per person', async () => {
    const { user } = await signUpCustomer();
    const session = await db.session.create({
      data: { sessionToken: `hash-${user.id}`, userId: user.id, expires: new Date(Date.now() + 3_600_000), absoluteExpiresAt: new Date(Date.now() + 3_600_000), authMethods: 'password' },
    });
    for (let i = 0; i < 5; i += 1) {
      expect(await exportOwnData(asUser(user.id, session.id))).toMatchObject({ ok: true });
    }
    const refused = await exportOwnData(asUser(user.id, session.id));
    expect(refused).toMatchObject({ ok: false, error: 'rate_limited', retryAfterSeconds: expect.any(Number) });
    expect(await db.dataSubjectRequest.count({ where: { userId: user.id } })).toBe(5);
  });
});
