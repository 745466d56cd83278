import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { confirmTotpEnrolment, pendingTotpSetup, startTotpEnrolment } from '@/lib/auth/mfa/enrolment';
import { TOTP_SECRET_PURPOSE } from '@/lib/auth/mfa/totp';
import { createSession } from '@/lib/auth/sessions';
import { decryptSecret } from '@/lib/crypto/encryption';
import { decryptProviderToken, encryptProviderTokens } from '@/lib/federation/account-tokens';
import { CONNECTION_SECRET_PURPOSE, createConnection, enabledConnectionForProvider } from '@/lib/federation/connections';
import { acceptUpstreamIdentity, PENDING_LINK_PURPOSE } from '@/lib/federation/federated-sign-in';
import { completePendingLink, describePendingLink } from '@/lib/federation/pending-link';
import type { UpstreamIdentity } from '@/lib/federation/upstream-identity';
import { rotateSigningKeys, SIGNING_KEY_PURPOSE, signingJwks } from '@/lib/oidc/signing-keys';
import { connectionIdSchema, createConnectionSchema } from '@/lib/validation/federation';
import { createWebhookEndpoint } from '@/lib/webhooks/endpoints';
import { signingSecretOf, WEBHOOK_SECRET_PURPOSE } from '@/lib/webhooks/signing-secret';
import { asUser, newContext, seededAdministrator, signUpCustomer } from './support/fixtures';
import { keyIdOf, legacyCiphertext } from './support/secrets';

// Item 15 of issue 9: a ciphertext names the row it belongs to in its associated data, so one
// copied onto another row of the same table does not decrypt there. Each kind below is attacked
// the same way, and shown to be read there when the copy is in the unbound form written before:
// what the binding prevents. Ones written before still work, and are rewritten bound.

const codeAt = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate();

async function customerSettingUpTwoStep() {
  const { user } = await signUpCustomer();
  const { session } = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
  expect(await startTotpEnrolment(user.id)).toEqual({ ok: true });
  const factor = await db.mfaFactor.findFirstOrThrow({ where: { userId: user.id } });
  return { user, factor, actor: asUser(user.id, session.id) };
}

describe('TOTP secrets bound to their person', () => {
  it('does not decrypt one person’s TOTP secret copied onto another person’s factor', async () => {
    const victim = await customerSettingUpTwoStep();
    const attacker = await customerSettingUpTwoStep();
    const victimSecret = (await pendingTotpSetup(victim.user.id))!.manualKey.replace(/\s/g, '');
    await db.mfaFactor.update({ where: { id: attacker.factor.id }, data: { secretEncrypted: victim.factor.secretEncrypted } });
    try {
      await expect(pendingTotpSetup(attacker.user.id)).rejects.toThrow();
      await expect(confirmTotpEnrolment(attacker.actor, codeAt(victimSecret))).rejects.toThrow();
      expect(await db.mfaFactor.count({ where: { userId: attacker.user.id, confirmedAt: { not: null } } })).toBe(0);
      expect(() => decryptSecret(victim.factor.secretEncrypted, TOTP_SECRET_PURPOSE, attacker.user.id)).toThrow();

      // Unbound, the same copy would have given the attacker the victim's authenticator.
      await db.mfaFactor.update({ where: { id: attacker.factor.id }, data: { secretEncrypted: legacyCiphertext(victimSecret, TOTP_SECRET_PURPOSE) } });
      expect((await pendingTotpSetup(attacker.user.id))!.manualKey.replace(/\s/g, '')).toBe(victimSecret);
    } finally {
      await db.mfaFactor.delete({ where: { id: attacker.factor.id } });
    }
  });

  it('still reads a secret stored before binding, and rewrites it bound the next time it is used', async () => {
    const { user, factor, actor } = await customerSettingUpTwoStep();
    const secret = decryptSecret(factor.secretEncrypted, TOTP_SECRET_PURPOSE, user.id);
    await db.mfaFactor.update({ where: { id: factor.id }, data: { secretEncrypted: legacyCiphertext(secret, TOTP_SECRET_PURPOSE) } });

    expect((await pendingTotpSetup(user.id))!.manualKey.replace(/\s/g, '')).toBe(secret);
    expect(await confirmTotpEnrolment(actor, codeAt(secret))).toMatchObject({ ok: true });
    const rewritten = (await db.mfaFactor.findUniqueOrThrow({ where: { id: factor.id } })).secretEncrypted;
    expect(rewritten).toMatch(/^v1\.[\w-]{8}\/bound:/);
    expect(decryptSecret(rewritten, TOTP_SECRET_PURPOSE, user.id)).toBe(secret);
  });

  it('reads the "v1/bound:" form written before key ids', async () => {
    const { user, factor } = await customerSettingUpTwoStep();
    const secret = decryptSecret(factor.secretEncrypted, TOTP_SECRET_PURPOSE, user.id);
    await db.mfaFactor.update({ where: { id: factor.id }, data: { secretEncrypted: legacyCiphertext(secret, TOTP_SECRET_PURPOSE, { owner: user.id }) } });
    expect((await pendingTotpSetup(user.id))!.manualKey.replace(/\s/g, '')).toBe(secret);
  });
});

describe('OpenID Provider signing keys bound to their kid', () => {
  it('does not sign with a private key copied onto another key’s row', async () => {
    const older = await rotateSigningKeys();
    const newer = await rotateSigningKeys();
    const [olderRow, newerRow] = await Promise.all([older, newer].map(({ kid }) => db.oidcSigningKey.findUniqueOrThrow({ where: { kid } })));
    expect(keyIdOf(olderRow!.privateJwkEncrypted)).not.toBeNull();
    try {
      await db.oidcSigningKey.update({ where: { kid: newer.kid }, data: { privateJwkEncrypted: olderRow!.privateJwkEncrypted } });
      await expect(signingJwks()).rejects.toThrow();

      // Unbound, the newer row would have served the older key's private half.
      const olderJwk = decryptSecret(olderRow!.privateJwkEncrypted, SIGNING_KEY_PURPOSE, older.kid);
      await db.oidcSigningKey.update({ where: { kid: newer.kid }, data: { privateJwkEncrypted: legacyCiphertext(olderJwk, SIGNING_KEY_PURPOSE) } });
      expect((await signingJwks()).keys.filter((k) => k.kid === older.kid)).toHaveLength(2);
    } finally {
      await db.oidcSigningKey.update({ where: { kid: newer.kid }, data: { privateJwkEncrypted: newerRow!.privateJwkEncrypted } });
    }
    expect((await signingJwks()).keys.map((k) => k.kid)).toEqual(expect.arrayContaining([older.kid, newer.kid]));
  });
});

describe('webhook signing secrets bound to their endpoint', () => {
  it('does not sign one endpoint’s deliveries with a secret copied from another endpoint', async () => {
    const admin = await seededAdministrator();
    const make = async (path: string) => {
      const created = await createWebhookEndpoint({ url: `http://127.0.0.1:9/${path}`, eventTypes: ['user.created'] }, admin);
      if (!created.ok) throw new Error(created.error);
      await db.webhookEndpoint.update({ where: { id: created.id }, data: { enabled: false } });
      return { ...created, row: await db.webhookEndpoint.findUniqueOrThrow({ where: { id: created.id } }) };
    };
    const victim = await make('victim');
    const attacker = await make('attacker');
    try {
      expect(signingSecretOf(victim.row)).toBe(victim.secret);
      await db.webhookEndpoint.update({ where: { id: attacker.id }, data: { secretEncrypted: victim.row.secretEncrypted } });
      const copied = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: attacker.id } });
      expect(() => signingSecretOf(copied)).toThrow();

      // Unbound, the attacker's endpoint would have been sent deliveries signed with the victim's secret.
      await db.webhookEndpoint.update({ where: { id: attacker.id }, data: { secretEncrypted: legacyCiphertext(victim.secret, WEBHOOK_SECRET_PURPOSE) } });
      expect(signingSecretOf(await db.webhookEndpoint.findUniqueOrThrow({ where: { id: attacker.id } }))).toBe(victim.secret);
    } finally {
      await db.webhookEndpoint.deleteMany({ where: { id: { in: [victim.id, attacker.id] } } });
    }
  });
});

describe('enterprise connection client secrets bound to their connection', () => {
  it('does not hand a secret copied from another connection to that connection’s IdP', async () => {
    const admin = await seededAdministrator();
    const make = async (name: string) => {
      const input = createConnectionSchema.parse({ name, issuer: 'http://localhost:3996', clientId: `${name}-client`, clientSecret: `${name}-secret-value`, domains: `${name}-${Date.now().toString(36)}.test` });
      const created = await createConnection(input, admin);
      if (!created.ok) throw new Error(created.error);
      return created.id;
    };
    const victim = await make('victim');
    const attacker = await make('attacker');
    // The id is chosen before the insert; it must still be one the console's routes accept.
    expect(connectionIdSchema.safeParse(victim).success).toBe(true);
    try {
      expect((await enabledConnectionForProvider(db, victim))!.clientSecret).toBe('victim-secret-value');
      const { clientSecret } = await db.enterpriseConnection.findUniqueOrThrow({ where: { id: victim } });
      await db.enterpriseConnection.update({ where: { id: attacker }, data: { clientSecret } });
      await expect(enabledConnectionForProvider(db, attacker)).rejects.toThrow();

      // Unbound, the attacker's IdP would have been sent the victim organisation's client secret.
      await db.enterpriseConnection.update({ where: { id: attacker }, data: { clientSecret: legacyCiphertext('victim-secret-value', CONNECTION_SECRET_PURPOSE) } });
      expect((await enabledConnectionForProvider(db, attacker))!.clientSecret).toBe('victim-secret-value');
    } finally {
      await db.enterpriseConnection.deleteMany({ where: { id: { in: [victim, attacker] } } });
    }
  });
});

describe('federated provider tokens bound to their linked identity', () => {
  it('does not read one person’s provider token copied onto another person’s Account row', async () => {
    const link = async (sub: string) => {
      const { user } = await signUpCustomer();
      const identity = { provider: 'oidc', providerAccountId: `${sub}-${Date.now()}` };
      return db.account.create({
        data: { userId: user.id, type: 'oidc', ...identity, ...encryptProviderTokens({ access_token: `${sub}-access-token`, refresh_token: `${sub}-refresh-token` }, identity) },
      });
    };
    const victim = await link('victim');
    const attacker = await link('attacker');
    expect(decryptProviderToken(victim.refresh_token, 'refresh_token', victim)).toBe('victim-refresh-token');

    await db.account.update({ where: { id: attacker.id }, data: { refresh_token: victim.refresh_token } });
    const copied = await db.account.findUniqueOrThrow({ where: { id: attacker.id } });
    expect(() => decryptProviderToken(copied.refresh_token, 'refresh_token', copied)).toThrow();

    // Unbound, the attacker's row would have held the victim's refresh token at the provider.
    await db.account.update({ where: { id: attacker.id }, data: { refresh_token: legacyCiphertext('victim-refresh-token', 'account:refresh_token') } });
    const legacy = await db.account.findUniqueOrThrow({ where: { id: attacker.id } });
    expect(decryptProviderToken(legacy.refresh_token, 'refresh_token', legacy)).toBe('victim-refresh-token');
  });
});

describe('pending account links bound to their row', () => {
  it('does not link the identity waiting for one person to another person’s account', async () => {
    const waiting = async (label: string) => {
      const { user } = await signUpCustomer();
      const identity: UpstreamIdentity = {
        provider: 'oidc', providerAccountId: `${label}-${Date.now()}`, type: 'oidc', email: user.email, emailVerified: true,
        name: null, givenName: null, familyName: null, tokens: { access_token: `${label}-access` },
      };
      const outcome = await acceptUpstreamIdentity(identity, newContext());
      if (outcome.kind !== 'link_required') throw new Error(`expected a pending link, got ${outcome.kind}`);
      const row = await db.verificationToken.findFirstOrThrow({ where: { purpose: 'account_link', userId: user.id } });
      const { session } = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
      return { user, identity, secret: outcome.linkToken, row, sessionId: session.id };
    };
    const victim = await waiting('victim');
    const attacker = await waiting('attacker');
    expect(keyIdOf(victim.row.payload!)).not.toBeNull();
    const complete = () => completePendingLink(attacker.secret, asUser(attacker.user.id, attacker.sessionId));

    await db.verificationToken.update({ where: { id: attacker.row.id }, data: { payload: victim.row.payload } });
    await expect(describePendingLink(attacker.secret)).rejects.toThrow();
    await expect(complete()).rejects.toThrow();
    expect(await db.account.count({ where: { userId: attacker.user.id } })).toBe(0);

    // Unbound, the attacker's account would have taken over the victim's upstream identity.
    await db.verificationToken.update({ where: { id: attacker.row.id }, data: { payload: legacyCiphertext(JSON.stringify(victim.identity), PENDING_LINK_PURPOSE) } });
    expect(await complete()).toMatchObject({ ok: true });
    expect(await db.account.findFirst({ where: { userId: attacker.user.id } })).toMatchObject({ providerAccountId: victim.identity.providerAccountId });
  });
});
