import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { sealAuditEvents } from '@/lib/audit/sealer';
import { pendingTotpSetup, startTotpEnrolment } from '@/lib/auth/mfa/enrolment';
import { TOTP_SECRET_PURPOSE } from '@/lib/auth/mfa/totp';
import { decryptSecret } from '@/lib/crypto/encryption';
import { decryptProviderToken, encryptProviderTokens } from '@/lib/federation/account-tokens';
import { createConnection, enabledConnectionForProvider } from '@/lib/federation/connections';
import { acceptUpstreamIdentity, PENDING_LINK_PURPOSE } from '@/lib/federation/federated-sign-in';
import { ensureSigningKey, rotateSigningKeys, SIGNING_KEY_PURPOSE, signingJwks } from '@/lib/oidc/signing-keys';
import { queueEmail } from '@/lib/email/send';
import { jobPayloadPurpose } from '@/lib/jobs/queue';
import { reencryptStoredSecrets } from '@/lib/secrets/reencryption';
import { createConnectionSchema } from '@/lib/validation/federation';
import { createWebhookEndpoint } from '@/lib/webhooks/endpoints';
import { signingSecretOf, WEBHOOK_SECRET_PURPOSE } from '@/lib/webhooks/signing-secret';
import { newContext, seededAdministrator, signUpCustomer } from './support/fixtures';
import { TEST_SECRET } from './support/global-setup';
import { keyIdOf, legacyCiphertext, withSecrets } from './support/secrets';

// `npm run secrets:reencrypt` after a rotation: every ciphertext written under the old secret, or
// in an unbound form, is rewritten under the current secret and bound to its row, so the stored
// secrets no longer need AUTH_SECRET_PREVIOUS. The test suite's secret is the current one here.

const OLD = 'the-secret-this-deployment-rotated-away-from-the-secret';
const rotated = { current: TEST_SECRET, previous: [OLD] };
const created = { endpoints: [] as string[], connections: [] as string[], kids: [] as string[], jobs: [] as string[], chainEnd: 0 };

afterAll(async () => {
  // Signing keys the rewrite did not reach would break every later file's provider.
  await db.oidcSigningKey.deleteMany({ where: { kid: { in: created.kids } } });
  await ensureSigningKey();
  await db.webhookEndpoint.deleteMany({ where: { id: { in: created.endpoints } } });
  await db.enterpriseConnection.deleteMany({ where: { id: { in: created.connections } } });
  await db.job.deleteMany({ where: { id: { in: created.jobs } } });
  // Events sealed under OLD: later files are not given it (see tests/secret-rotation.test.ts).
  await db.auditEvent.deleteMany({ where: { sequence: { gt: created.chainEnd } } });
});

/** One stored secret of every kind, as a deployment holds them before the rotation (some still in the unbound "v1:" form). */
async function storedBeforeRotation() {
  await sealAuditEvents();
  created.chainEnd = (await db.auditEvent.findFirst({ where: { sequence: { not: null } }, orderBy: { sequence: 'desc' } }))?.sequence ?? 0;
  const admin = await seededAdministrator();
  return withSecrets({ current: OLD }, async () => {
    const { user } = await signUpCustomer();
    expect(await startTotpEnrolment(user.id)).toEqual({ ok: true });
    const totp = (await pendingTotpSetup(user.id))!.manualKey.replace(/\s/g, '');
    const factor = await db.mfaFactor.findFirstOrThrow({ where: { userId: user.id } });

    const { kid } = await rotateSigningKeys();
    created.kids.push(kid);

    const endpoint = await createWebhookEndpoint({ url: 'http://127.0.0.1:9/reencrypt', eventTypes: ['user.created'] }, admin);
    if (!endpoint.ok) throw new Error(endpoint.error);
    created.endpoints.push(endpoint.id);
    // The unbound form written before owners were bound, under the old secret.
    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: false, secretEncrypted: legacyCiphertext(endpoint.secret, WEBHOOK_SECRET_PURPOSE, { secret: OLD }) } });

    const input = createConnectionSchema.parse({ name: 'Reencrypt', issuer: 'http://localhost:3994', clientId: 'reencrypt-client', clientSecret: 'reencrypt-connection-secret', domains: `reencrypt-${Date.now().toString(36)}.test` });
    const connection = await createConnection(input, admin);
    if (!connection.ok) throw new Error(connection.error);
    created.connections.push(connection.id);

    const identity = { provider: 'oidc', providerAccountId: `reencrypt-${Date.now()}` };
    const account = await db.account.create({ data: { userId: user.id, type: 'oidc', ...identity, ...encryptProviderTokens({ access_token: 'reencrypt-access', id_token: 'reencrypt-id' }, identity) } });

    const { user: linkOwner } = await signUpCustomer();
    const waiting = await acceptUpstreamIdentity(
      { provider: 'oidc', providerAccountId: `waiting-${Date.now()}`, type: 'oidc', email: linkOwner.email, emailVerified: true, name: null, givenName: null, familyName: null, tokens: {} },
      newContext(),
    );
    if (waiting.kind !== 'link_required') throw new Error(`expected a pending link, got ${waiting.kind}`);
    const pending = await db.verificationToken.findFirstOrThrow({ where: { purpose: 'account_link', userId: linkOwner.id } });

    // An email still waiting to be sent (due next week, so no runner takes it meanwhile).
    const job = await queueEmail(db, 'password_changed', user.email, { when: 'just now' }, { userId: user.id });
    created.jobs.push(job.id);
    await db.job.update({ where: { id: job.id }, data: { nextAttemptAt: new Date(Date.now() + 7 * 86_400_000) } });
    // As the instance on OLD would: its events are sealed under OLD, and so removed again in afterAll.
    await sealAuditEvents();
    return { user, totp, factor, kid, endpoint, connectionId: connection.id, account, pending, jobId: job.id };
  });
}

describe('npm run secrets:reencrypt', () => {
  it('rewrites every stored secret under the current key, bound to its row, after which none needs the previous secret', async () => {
    const before = await storedBeforeRotation();
    const oldKeyId = keyIdOf(before.factor.secretEncrypted);

    const report = await withSecrets(rotated, () => reencryptStoredSecrets());
    for (const table of ['MfaFactor', 'OidcSigningKey', 'WebhookEndpoint', 'EnterpriseConnection', 'Account', 'VerificationToken (pending account links)', 'Job']) {
      expect(report.tables[table]!.rewritten, table).toBeGreaterThanOrEqual(1);
    }
    expect(report.tables.Account!.rewritten).toBeGreaterThanOrEqual(2); // access and ID token
    expect(report.unreadable.filter((u) => [before.factor.id, before.kid, before.endpoint.id, before.connectionId, before.account.id, before.pending.id, before.jobId].includes(u.id))).toEqual([]);

    // Every one now names the current key and is bound, and reads with AUTH_SECRET alone.
    const factor = await db.mfaFactor.findUniqueOrThrow({ where: { id: before.factor.id } });
    const key = await db.oidcSigningKey.findUniqueOrThrow({ where: { kid: before.kid } });
    const endpoint = await db.webhookEndpoint.findUniqueOrThrow({ where: { id: before.endpoint.id } });
    const connection = await db.enterpriseConnection.findUniqueOrThrow({ where: { id: before.connectionId } });
    const account = await db.account.findUniqueOrThrow({ where: { id: before.account.id } });
    // The link token itself was hashed under OLD and is no longer found (one-time tokens end with a rotation); its row is still rewritten.
    const pending = await db.verificationToken.findUniqueOrThrow({ where: { id: before.pending.id } });
    const job = await db.job.findUniqueOrThrow({ where: { id: before.jobId } });
    for (const stored of [factor.secretEncrypted, key.privateJwkEncrypted, endpoint.secretEncrypted, connection.clientSecret, account.access_token!, account.id_token!, pending.payload!, job.payload!]) {
      expect(stored).toMatch(/^v1\.[\w-]{8}\/bound:/);
      expect(keyIdOf(stored)).not.toBe(oldKeyId);
    }
    expect(decryptSecret(factor.secretEncrypted, TOTP_SECRET_PURPOSE, before.user.id)).toBe(before.totp);
    expect(JSON.parse(decryptSecret(key.privateJwkEncrypted, SIGNING_KEY_PURPOSE, before.kid))).toMatchObject({ kid: before.kid });
    expect((await signingJwks()).keys.map((k) => k.kid)).toContain(before.kid);
    expect(signingSecretOf(endpoint)).toBe(before.endpoint.secret);
    expect((await enabledConnectionForProvider(db, before.connectionId))!.clientSecret).toBe('reencrypt-connection-secret');
    expect(decryptProviderToken(account.id_token, 'id_token', account)).toBe('reencrypt-id');
    expect(JSON.parse(decryptSecret(pending.payload!, PENDING_LINK_PURPOSE, pending.id))).toMatchObject({ email: pending.identifier });
    expect(JSON.parse(decryptSecret(job.payload!, jobPayloadPurpose('email.send'), job.id))).toMatchObject({ template: 'password_changed', to: before.user.email });

    // A second run finds nothing to do.
    const again = await reencryptStoredSecrets();
    expect(Object.values(again.tables).map((c) => c.rewritten)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });

  it('leaves a value it cannot read as it is, names it, and the command exits 1', async () => {
    const admin = await seededAdministrator();
    const endpoint = await createWebhookEndpoint({ url: 'http://127.0.0.1:9/unreadable', eventTypes: ['user.created'] }, admin);
    if (!endpoint.ok) throw new Error(endpoint.error);
    created.endpoints.push(endpoint.id);
    const unreadable = await withSecrets({ current: 'a-secret-nobody-configures-a-secret-nobody-configures' }, async () => legacyCiphertext(endpoint.secret, WEBHOOK_SECRET_PURPOSE));
    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: false, secretEncrypted: unreadable } });

    let output = '';
    let status = 0;
    try {
      execFileSync(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'scripts/secrets-reencrypt.ts'], {
        env: { ...process.env, AUTH_SECRET: TEST_SECRET, AUTH_SECRET_PREVIOUS: OLD },
        encoding: 'utf8',
        stdio: 'pipe',
      });
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string };
      status = failed.status;
      output = failed.stdout + failed.stderr;
    }
    expect(status).toBe(1);
    expect(output).toMatch(/^WebhookEndpoint: \d+ rewritten, \d+ already current, 0 changed meanwhile, [1-9]\d* unreadable$/m);
    expect(output).toContain(`unreadable: WebhookEndpoint ${endpoint.id} secretEncrypted`);
    expect(output).not.toContain(endpoint.secret);
    expect((await db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).secretEncrypted).toBe(unreadable);
  });
});
