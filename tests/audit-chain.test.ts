import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/record';
import { verifyAuditChain } from '@/lib/audit/chain';
import { eraseUser } from '@/lib/users/erasure';
import { newContext, signUpCustomer } from './support/fixtures';

async function someChainedEvent() {
  await recordAudit(db, { action: 'user.sign_in_failed', result: 'failure', reason: 'wrong_password', actor: { type: 'user', id: null }, context: newContext() });
  return db.auditEvent.findFirstOrThrow({ where: { sequence: { not: null } }, orderBy: { sequence: 'desc' } });
}

describe('audit chain', () => {
  it('verifies an untouched log and keeps one unbroken chain under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.$transaction((tx) => recordAudit(tx, { action: 'user.sign_out', actor: { type: 'user', id: `concurrent-${i}` }, context: newContext() })),
      ),
    );
    const result = await verifyAuditChain();
    expect(result).toMatchObject({ ok: true });
    expect(result.verified).toBeGreaterThanOrEqual(12);
  });

  it('detects a field edited in the database, and passes again once it is put back', async () => {
    const event = await someChainedEvent();
    await someChainedEvent();
    await db.auditEvent.update({ where: { id: event.id }, data: { reason: 'nothing_happened' } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: event.id });

    await db.auditEvent.update({ where: { id: event.id }, data: { reason: event.reason, ipAddress: '203.0.113.9' } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: event.id });

    await db.auditEvent.update({ where: { id: event.id }, data: { ipAddress: event.ipAddress } });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('detects a deleted event, and passes again once it is restored', async () => {
    const event = await someChainedEvent();
    const next = await someChainedEvent();
    await db.auditEvent.delete({ where: { id: event.id } });
    const broken = await verifyAuditChain();
    expect(broken).toMatchObject({ ok: false, brokenAt: next.id });

    await db.auditEvent.create({ data: event });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('still verifies after an erasure redacts a user’s events, but not after an unrecorded redaction', async () => {
    const { user } = await signUpCustomer();
    const evidence = await db.$transaction((tx) => eraseUser(tx, user.id, { type: 'system' }));
    expect(evidence).not.toBeNull();
    expect(await db.auditEvent.count({ where: { targetId: evidence!.tombstoneId, ipAddress: null } })).toBeGreaterThan(1);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });

    const event = await someChainedEvent();
    await someChainedEvent();
    await db.auditEvent.update({ where: { id: event.id }, data: { actorId: 'erased_forged', ipAddress: null, userAgent: null } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: event.id });
    await db.auditEvent.update({ where: { id: event.id }, data: { actorId: event.actorId, ipAddress: event.ipAddress, userAgent: event.userAgent } });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('detects the oldest events deleted without a retention anchor (retention itself: tests/retention.test.ts)', async () => {
    await someChainedEvent();
    const oldest = await db.auditEvent.findFirstOrThrow({ where: { sequence: { not: null } }, orderBy: { sequence: 'asc' } });
    await db.auditEvent.delete({ where: { id: oldest.id } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false });
    await db.auditEvent.create({ data: oldest });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});
