import { createHmac, hkdfSync } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { verifyAuditChain } from '@/lib/audit/chain';
import { currentChainKeyVersion } from '@/lib/audit/seal';
import { sealAuditEvents } from '@/lib/audit/sealer';
import { confirmTotpEnrolment, pendingTotpSetup, startTotpEnrolment } from '@/lib/auth/mfa/enrolment';
import { replaceRecoveryCodes, spendRecoveryCode } from '@/lib/auth/mfa/recovery-codes';
import { TOTP_SECRET_PURPOSE } from '@/lib/auth/mfa/totp';
import { createSession, findActiveSession } from '@/lib/auth/sessions';
import { decryptSecret } from '@/lib/crypto/encryption';
import { createConnection, enabledConnectionForProvider, updateConnection } from '@/lib/federation/connections';
import { clientSecretMatches, hashClientSecret } from '@/lib/oidc/clients';
import { createConnectionSchema, updateConnectionSchema } from '@/lib/validation/federation';
import { createWebhookEndpoint, rotateWebhookSecret } from '@/lib/webhooks/endpoints';
import { signingSecretOf } from '@/lib/webhooks/signing-secret';
import { asUser, newContext, seededAdministrator, signUpCustomer } from './support/fixtures';
import { TEST_SECRET } from './support/global-setup';
import { keyIdOf, withSecrets } from './support/secrets';

// Rotating AUTH_SECRET: the old secret moves to AUTH_SECRET_PREVIOUS. What it wrote stays readable
// (ciphertexts name their key), new writes use the new secret, and the audit chain verifies across
// the boundary; without AUTH_SECRET_PREVIOUS the failures name it. Here the test suite's own secret
// is the new one and OLD the secret before it, so the database is left as the other files expect.

const OLD = 'the-secret-before-the-rotation-the-secret-before-the-rotation';
const rotated = { current: TEST_SECRET, previous: [OLD] };
/** As an instance still on OLD: what it writes, its sealer seals under OLD too. */
const beforeRotation = <T>(fn: () => Promise<T>) =>
  withSecrets({ current: OLD }, async () => {
    const result = await fn();
    await sealAuditEvents();
    return result;
  });
const afterRotation = <T>(fn: () => Promise<T>) => withSecrets(rotated, fn);

const codeAt = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate();

let chainEnd = 0;
const created = { endpoints: [] as string[], connections: [] as string[] };

beforeAll(async () => {
  await sealAuditEvents();
  chainEnd = (await db.auditEvent.findFirst({ where: { sequence: { not: null } }, orderBy: { sequence: 'desc' } }))?.sequence ?? 0;
});

/**
 * Back to the chain as the other files left it. Events sealed under OLD would fail every later
 * file's chain check, which is not given OLD; the newest events can be removed without breaking
 * the rest of the chain (only an anchor would notice).
 */
const backToChainEnd = () => db.auditEvent.deleteMany({ where: { sequence: { gt: chainEnd } } });

afterAll(async () => {
  await backToChainEnd();
  await db.webhookEndpoint.deleteMany({ where: { id: { in: created.endpoints } } });
  await db.enterpriseConnection.deleteMany({ where: { id: { in: created.connections } } });
});

async function secretsWrittenBeforeRotation() {
  const admin = await seededAdministrator();
  return beforeRotation(async () => {
    const { user } = await signUpCustomer();
    expect(await startTotpEnrolment(user.id)).toEqual({ ok: true });
    const totp = (await pendingTotpSetup(user.id))!.manualKey.replace(/\s/g, '');
    const endpoint = await createWebhookEndpoint({ url: 'http://127.0.0.1:9/rotation', eventTypes: ['user.created'] }, admin);
    if (!endpoint.ok) throw new Error(endpoint.error);
    created.endpoints.push(endpoint.id);
    // Off, so no other file's events are queued for it.
    await db.webhookEndpoint.update({ where: { id: endpoint.id }, data: { enabled: false } });
    const details = { name: 'Rotation', issuer: 'http://localhost:3995', clientId: 'rotation-client', domains: `rotation-${Date.now().toString(36)}.test` };
    const connection = await createConnection(createConnectionSchema.parse({ ...details, clientSecret: 'connection-secret-before' }), admin);
    if (!connection.ok) throw new Error(connection.error);
    created.connections.push(connection.id);
    const factor = await db.mfaFactor.findFirstOrThrow({ where: { userId: user.id } });
    return { admin, user, totp, factor, endpoint, connectionId: connection.id, details };
  });
}

describe('rotating AUTH_SECRET', () => {
  it('reads TOTP, webhook and connection secrets written under the previous secret, and writes under the current one', async () => {
    const before = await secretsWrittenBeforeRotation();
    const oldKeyId = keyIdOf(before.factor.secretEncrypted);
    const endpointRow = () => db.webhookEndpoint.findUniqueOrThrow({ where: { id: before.endpoint.id } });

    // Not given the old secret, nothing it wrote can be read, and the error says why.
    await expect(pendingTotpSetup(before.user.id)).rejects.toThrow(/AUTH_SECRET_PREVIOUS/);
    expect(signingSecretOf.bind(null, await endpointRow())).toThrow(/AUTH_SECRET_PREVIOUS/);
    await expect(enabledConnectionForProvider(db, before.connectionId)).rejects.toThrow(/AUTH_SECRET_PREVIOUS/);

    await afterRotation(async () => {
      expect((await pendingTotpSetup(before.user.id))!.manualKey.replace(/\s/g, '')).toBe(before.totp);
      expect(signingSecretOf(await endpointRow())).toBe(before.endpoint.secret);
      expect((await enabledConnectionForProvider(db, before.connectionId))!.clientSecret).toBe('connection-secret-before');

      // New writes: the TOTP secret when its first code is accepted, a rotated webhook secret, a new client secret.
      const { session } = await createSession(db, { userId: before.user.id, methods: ['password'], context: newContext() });
      expect(await confirmTotpEnrolment(asUser(before.user.id, session.id), codeAt(before.totp))).toMatchObject({ ok: true });
      const rotatedWebhook = await rotateWebhookSecret(before.endpoint.id, before.admin);
      if (!rotatedWebhook.ok) throw new Error(rotatedWebhook.error);
      const edit = updateConnectionSchema.parse({ ...before.details, clientSecret: 'connection-secret-after' });
      expect(await updateConnection(before.connectionId, edit, before.admin)).toMatchObject({ ok: true });
    });

    // Those are under the current key: readable with AUTH_SECRET alone.
    const factor = await db.mfaFactor.findUniqueOrThrow({ where: { id: before.factor.id } });
    const endpoint = await endpointRow();
    const connection = await db.enterpriseConnection.findUniqueOrThrow({ where: { id: before.connectionId } });
    for (const stored of [factor.secretEncrypted, endpoint.secretEncrypted, connection.clientSecret]) {
      expect(keyIdOf(stored)).not.toBe(oldKeyId);
    }
    expect(decryptSecret(factor.secretEncrypted, TOTP_SECRET_PURPOSE, before.user.id)).toBe(before.totp);
    expect(signingSecretOf(endpoint)).toMatch(/^whsec_/);
    expect((await enabledConnectionForProvider(db, before.connectionId))!.clientSecret).toBe('connection-secret-after');
  });

  it('verifies the audit chain across the rotation, and without the previous secret says it is missing', async () => {
    await backToChainEnd();
    const oldVersion = await beforeRotation(async () => {
      await recordAudit(db, { action: 'user.sign_out', actor: { type: 'user', id: 'before-rotation' }, context: newContext() });
      return currentChainKeyVersion();
    });
    await recordAudit(db, { action: 'user.sign_out', actor: { type: 'user', id: 'after-rotation' }, context: newContext() });
    await sealAuditEvents();
    const [before, after] = await Promise.all(['before-rotation', 'after-rotation'].map((id) => db.auditEvent.findFirstOrThrow({ where: { actorId: id }, orderBy: { sequence: 'desc' } })));
    expect(before!.keyVersion).toBe(oldVersion);
    expect(after!.keyVersion).toBe(currentChainKeyVersion());
    expect(after!.keyVersion).not.toBe(oldVersion);

    expect(await afterRotation(() => verifyAuditChain())).toMatchObject({ ok: true });
    expect(await verifyAuditChain()).toMatchObject({
      ok: false,
      brokenAt: before!.id,
      problem: expect.stringMatching(new RegExp(`key version ${oldVersion}, from an AUTH_SECRET this server is not given.*AUTH_SECRET_PREVIOUS`)),
    });
  });

  it('verifies events sealed before key ids (version 1) under a previous secret', async () => {
    await backToChainEnd();
    // Such events were sealed under HKDF(the AUTH_SECRET of the time) with key version 1, as here.
    const legacyKey = Buffer.from(hkdfSync('sha256', OLD, 'gatehouse', 'gatehouse:audit-chain:v1', 32));
    await beforeRotation(() => recordAudit(db, { action: 'user.sign_out', actor: { type: 'user', id: 'sealed-as-version-1' }, context: newContext() }));
    const row = await db.auditEvent.findFirstOrThrow({ where: { actorId: 'sealed-as-version-1' } });
    const fields = [row.id, row.sequence, row.occurredAt.toISOString(), row.action, row.result, row.reason, row.actorType, row.targetType, row.sessionId, row.metadata, row.personalDigest, row.prevHash, 1];
    const hash = createHmac('sha256', legacyKey).update(JSON.stringify(fields), 'utf8').digest('hex');
    await db.auditEvent.update({ where: { id: row.id }, data: { keyVersion: 1, hash } });
    await recordAudit(db, { action: 'user.sign_out', actor: { type: 'user', id: 'after-version-1' }, context: newContext() });
    await sealAuditEvents();

    expect(await afterRotation(() => verifyAuditChain())).toMatchObject({ ok: true });
    // Without OLD it breaks there. A version 1 event names no secret, so both possible causes are said.
    expect(await verifyAuditChain()).toMatchObject({
      ok: false,
      brokenAt: row.id,
      problem: expect.stringMatching(/changed after it was written, or was sealed \(key version 1.*AUTH_SECRET_PREVIOUS/),
    });
  });

  it('keeps recovery codes and app client secrets made before it; sessions and one-time tokens end', async () => {
    const { user, codes, token, clientHash } = await beforeRotation(async () => {
      const { user } = await signUpCustomer();
      const codes = await replaceRecoveryCodes(db, user.id);
      const { token } = await createSession(db, { userId: user.id, methods: ['password'], context: newContext() });
      return { user, codes, token, clientHash: hashClientSecret('an-app-secret-from-before') };
    });
    await afterRotation(async () => {
      expect(await spendRecoveryCode(db, user.id, codes[0]!)).toMatchObject({ ok: true });
      expect(clientSecretMatches('an-app-secret-from-before', clientHash)).toBe(true);
      expect(clientSecretMatches('another-secret', clientHash)).toBe(false);
      // Documented: a session's hash is looked up under the current secret only, so the person signs in again.
      expect(await findActiveSession(token)).toBeNull();
    });
    // Without the previous secret, the old codes and client secrets stop working too.
    expect(await spendRecoveryCode(db, user.id, codes[1]!)).toEqual({ ok: false });
    expect(clientSecretMatches('an-app-secret-from-before', clientHash)).toBe(false);
  });
});
