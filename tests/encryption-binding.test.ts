import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { confirmTotpEnrolment, pendingTotpSetup, startTotpEnrolment } from '@/lib/auth/mfa/enrolment';
import { createSession } from '@/lib/auth/sessions';
import { decryptSecret, encryptSecret } from '@/lib/crypto/encryption';
import { asUser, newContext, signUpCustomer } from './support/fixtures';

// Item 15 of issue 9: a ciphertext names the row it belongs to in its associated data, so one
// copied onto another person's row does not decrypt there; ones written before still work.

const codeAt = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate();

async function customerSettingUpTwoStep() {
  const { user } = await signUpCustomer();
  const { session } = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
  expect(await startTotpEnrolment(user.id)).toEqual({ ok: true });
  const factor = await db.mfaFactor.findFirstOrThrow({ where: { userId: user.id } });
  return { user, factor, actor: asUser(user.id, session.id) };
}

describe('encryption bound to its owner', () => {
  it('does not decrypt one person’s TOTP secret copied onto another person’s factor', async () => {
    const victim = await customerSettingUpTwoStep();
    const attacker = await customerSettingUpTwoStep();
    const victimSecret = (await pendingTotpSetup(victim.user.id))!.manualKey.replace(/\s/g, '');
    await db.mfaFactor.update({ where: { id: attacker.factor.id }, data: { secretEncrypted: victim.factor.secretEncrypted } });

    await expect(pendingTotpSetup(attacker.user.id)).rejects.toThrow();
    await expect(confirmTotpEnrolment(attacker.actor, codeAt(victimSecret))).rejects.toThrow();
    expect(await db.mfaFactor.count({ where: { userId: attacker.user.id, confirmedAt: { not: null } } })).toBe(0);
    expect(() => decryptSecret(victim.factor.secretEncrypted, 'mfa_factor:totp', attacker.user.id)).toThrow();
    // Nor does dropping the owner make it readable.
    expect(() => decryptSecret(victim.factor.secretEncrypted, 'mfa_factor:totp')).toThrow();
  });

  it('still reads a secret stored before binding, and rewrites it bound the next time it is used', async () => {
    const { user, factor, actor } = await customerSettingUpTwoStep();
    const secret = decryptSecret(factor.secretEncrypted, 'mfa_factor:totp', user.id);
    const legacy = encryptSecret(secret, 'mfa_factor:totp'); // the format written before: "v1:", purpose only
    expect(legacy.startsWith('v1:')).toBe(true);
    await db.mfaFactor.update({ where: { id: factor.id }, data: { secretEncrypted: legacy } });

    expect((await pendingTotpSetup(user.id))!.manualKey.replace(/\s/g, '')).toBe(secret);
    expect(await confirmTotpEnrolment(actor, codeAt(secret))).toMatchObject({ ok: true });
    const rewritten = (await db.mfaFactor.findUniqueOrThrow({ where: { id: factor.id } })).secretEncrypted;
    expect(rewritten.startsWith('v1/bound:')).toBe(true);
    expect(decryptSecret(rewritten, 'mfa_factor:totp', user.id)).toBe(secret);
  });
});
