import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { databaseDialect, db } from '@/lib/db/client';
import { systemActor } from '@/lib/audit/actor';
import { recordAudit } from '@/lib/audit/record';
import { chainHead, verifyAuditChain } from '@/lib/audit/chain';
import { currentChainKeyVersion, eventHash, personalDigestOf } from '@/lib/audit/seal';
import { sealAuditEvents } from '@/lib/audit/sealer';
import { sealedBatches } from '@/lib/audit/sealed-batches';
import { eraseUser } from '@/lib/users/erasure';
import { anchorChainHead } from '@/lib/audit/anchor-scheduler';
import { acquireLease, releaseLease } from '@/lib/jobs/lease';
import { newContext, signUpCustomer } from './support/fixtures';

async function someChainedEvent() {
  await recordAudit(db, { action: 'user.sign_in_failed', result: 'failure', reason: 'wrong_password', actor: { type: 'user', id: null }, context: newContext() });
  await sealAuditEvents();
  return db.auditEvent.findFirstOrThrow({ where: { sequence: { not: null } }, orderBy: { sequence: 'desc' } });
}


type Row = Awaited<ReturnType<typeof db.auditEvent.findFirstOrThrow>>;

/** What someone with write access to the database but not AUTH_SECRET can do: reseal rows with the unkeyed hash. */
async function resealUnkeyed(rows: Row[], prevHash: string | null, options: { keepVersion?: boolean; redigest?: boolean } = {}) {
  let prev = prevHash;
  for (const row of rows) {
    const keyVersion = options.keepVersion ? row.keyVersion : null;
    const personalDigest = options.redigest ? personalDigestOf(row, null) : row.personalDigest!;
    const fields = { ...row, sequence: row.sequence!, personalDigest, prevHash: prev, keyVersion: null };
    const hash = createHash('sha256')
      .update(JSON.stringify([fields.id, fields.sequence, fields.occurredAt.toISOString(), fields.action, fields.result, fields.reason, fields.actorType, fields.targetType, fields.sessionId, fields.metadata, fields.personalDigest, fields.prevHash]))
      .digest('hex');
    expect(hash).toBe(eventHash(fields));
    await db.auditEvent.update({ where: { id: row.id }, data: { keyVersion, personalDigest, prevHash: prev, hash } });
    prev = hash;
  }
  return prev;
}

async function chainFrom(sequence: number) {
  return db.auditEvent.findMany({ where: { sequence: { gte: sequence } }, orderBy: { sequence: 'asc' } });
}

async function restore(rows: Row[]) {
  for (const row of rows) await db.auditEvent.update({ where: { id: row.id }, data: row });
}

describe('audit chain', () => {
  it('verifies an untouched log and keeps one unbroken chain under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        db.$transaction((tx) => recordAudit(tx, { action: 'user.sign_out', actor: { type: 'user', id: `concurrent-${i}` }, context: newContext() })),
      ),
    );
    await sealAuditEvents();
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
    const evidence = await db.$transaction((tx) => eraseUser(tx, user.id, systemActor()));
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
  it('seals new events with the keyed hash (HMAC under a key from AUTH_SECRET) and its key version', async () => {
    const event = await someChainedEvent();
    expect(event.keyVersion).toBe(currentChainKeyVersion());
    const unkeyed = eventHash({ ...event, sequence: event.sequence!, personalDigest: event.personalDigest!, keyVersion: null });
    expect(event.hash).not.toBe(unkeyed);
  });

  it('detects a row edited and the chain after it recomputed with the unkeyed hash', async () => {
    const event = await someChainedEvent();
    await someChainedEvent();
    await someChainedEvent();
    const original = await chainFrom(event.sequence!);
    await db.auditEvent.update({ where: { id: event.id }, data: { reason: 'nothing_happened' } });
    const edited = await chainFrom(event.sequence!);

    // Resealed as legacy events after keyed ones: a downgrade.
    await resealUnkeyed(edited, event.prevHash);
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: event.id, problem: expect.stringMatching(/without the chain key/) });

    // Resealed with SHA-256 but still claiming the key version.
    await resealUnkeyed(edited, event.prevHash, { keepVersion: true });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: event.id, problem: expect.stringMatching(/changed after it was written/) });

    // Claiming a key version this server does not have.
    await restore(original);
    await db.auditEvent.update({ where: { id: event.id }, data: { keyVersion: 9 } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: event.id, problem: expect.stringMatching(/key version 9/) });

    await restore(original);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('writes the head to the server log as one JSON line, once per new head, by the lease holder only', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await someChainedEvent();
      const written = await anchorChainHead();
      expect(written).toEqual({ ...(await chainHead())!, anchoredAt: written!.anchoredAt });
      expect(log.mock.calls.map((c) => c[0])).toEqual([JSON.stringify(written)]);
      expect(JSON.parse(String(log.mock.calls[0]![0]))).toMatchObject({ gatehouse: 'audit_anchor', sequence: written!.sequence });
      // Nothing new: no second line.
      expect(await anchorChainHead()).toBeNull();
      await someChainedEvent();
      // Another instance holds the lease: it writes the line, this one does not.
      const other = (await acquireLease('audit-anchor', 60_000, 'another-instance'))!;
      expect(await anchorChainHead()).toBeNull();
      await releaseLease(other);
      expect(await anchorChainHead()).toMatchObject({ sequence: written!.sequence + 1 });
      expect(log).toHaveBeenCalledTimes(2);
    } finally {
      log.mockRestore();
    }
  });

  it('detects the newest events deleted, or replaced, against an anchor written outside the database', async () => {
    await someChainedEvent();
    const anchor = (await chainHead())!;
    expect(anchor).toMatchObject({ gatehouse: 'audit_anchor', keyVersion: currentChainKeyVersion() });
    expect(await verifyAuditChain(db, { anchor })).toMatchObject({ ok: true, anchorChecked: true });
    const later = await someChainedEvent();
    expect(await verifyAuditChain(db, { anchor })).toMatchObject({ ok: true, anchorChecked: true });

    const tail = await chainFrom(anchor.sequence - 1);
    await db.auditEvent.deleteMany({ where: { sequence: { gte: anchor.sequence - 1 } } });
    // On its own the shorter chain is consistent; only the anchor shows what is missing.
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
    expect(await verifyAuditChain(db, { anchor })).toMatchObject({ ok: false, brokenAt: anchor.eventId, problem: expect.stringMatching(/newest events were removed/) });

    // The log goes on after the cut, so the anchored sequence exists again, as another event.
    for (let i = 0; i < 3; i++) await someChainedEvent();
    expect(await verifyAuditChain(db, { anchor })).toMatchObject({ ok: false, problem: expect.stringMatching(/replaced or changed/) });

    await db.auditEvent.deleteMany({ where: { sequence: { gte: anchor.sequence - 1 } } });
    for (const row of tail) await db.auditEvent.create({ data: row });
    expect(await verifyAuditChain(db, { anchor })).toMatchObject({ ok: true, anchorChecked: true, head: { eventId: later.id } });
  });

  it('accepts an erasure only on the rows the user.erased event names', async () => {
    const bystander = await someChainedEvent();
    const { user } = await signUpCustomer();
    await sealAuditEvents();
    const evidence = await db.$transaction((tx) => eraseUser(tx, user.id, systemActor()));
    await sealAuditEvents();
    const erased = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.erased', targetId: evidence!.tombstoneId } });
    const redacted = await db.auditEvent.findMany({ where: { actorId: evidence!.tombstoneId, sequence: { lt: erased.sequence! } } });
    expect(redacted.length).toBeGreaterThan(0);
    expect(JSON.parse(erased.metadata!).redacted).toMatch(/^\d+(-\d+)?(,\d+(-\d+)?)*$/);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });

    // The same change as an erasure makes, with a real tombstone, on a row the erasure did not name.
    await db.auditEvent.update({ where: { id: bystander.id }, data: { actorId: evidence!.tombstoneId, ipAddress: null, userAgent: null } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: bystander.id });
    await restore([bystander]);
    // Nor on a row after the erasure, which it cannot have named.
    const after = await someChainedEvent();
    await db.auditEvent.update({ where: { id: after.id }, data: { actorId: evidence!.tombstoneId, ipAddress: null, userAgent: null } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: after.id });
    await restore([after]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('still verifies legacy (unkeyed) events written before keying, and a legacy erasure, followed by keyed ones', async () => {
    const { user } = await signUpCustomer();
    await someChainedEvent();
    // The database as an older version left it: every event sealed with the plain SHA-256.
    const first = await db.auditEvent.findFirstOrThrow({ where: { sequence: { not: null } }, orderBy: { sequence: 'asc' } });
    let head = await resealUnkeyed(await chainFrom(first.sequence!), first.prevHash, { redigest: true });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });

    // An erasure as the older version did it: re-pointed rows, and a user.erased that names only its tombstone.
    const tombstone = `erased_legacy${Date.now()}`;
    await db.auditEvent.updateMany({ where: { targetId: user.id }, data: { targetId: tombstone, ipAddress: null, userAgent: null } });
    await db.auditEvent.updateMany({ where: { actorId: user.id }, data: { actorId: tombstone, ipAddress: null, userAgent: null } });
    const last = await db.auditEvent.findFirstOrThrow({ where: { sequence: { not: null } }, orderBy: { sequence: 'desc' } });
    const legacyErased = await db.auditEvent.create({
      data: { action: 'user.erased', result: 'success', actorType: 'system', targetType: 'user', targetId: tombstone, metadata: JSON.stringify({ tables: 9 }), sequence: last.sequence! + 1, personalDigest: personalDigestOf({ actorId: null, targetId: tombstone, ipAddress: null, userAgent: null, personalText: null }, null), prevHash: head },
    });
    head = await resealUnkeyed([legacyErased], head);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });

    // The upgraded server goes on with keyed events; the whole chain still verifies.
    const keyed = await someChainedEvent();
    expect(keyed).toMatchObject({ keyVersion: currentChainKeyVersion(), prevHash: head });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });

    // A legacy erasure excuses only rows before it: a row after it re-pointed to its tombstone is caught.
    await db.auditEvent.update({ where: { id: keyed.id }, data: { actorId: tombstone, ipAddress: null, userAgent: null } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: keyed.id });
    await restore([keyed]);
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });
});

// On PostgreSQL the walk reads each event as one tab-separated line (lib/audit/sealed-batches.ts);
// on SQLite as rows. These events are built to break a careless line reader: values holding the
// separators, the NULL marker, quotes, backslashes and characters outside the BMP.
describe('audit chain, read in batches', () => {
  const awkward = ['tab\there', 'new\nline', 'marker\u0001inside', 'quote " and back\\slash', 'cr\rreturn', 'emoji 🦊 ß', '\u0001'];

  async function awkwardEvents() {
    const ids: string[] = [];
    for (const text of awkward) {
      await recordAudit(db, { action: 'staff.profile_viewed', actor: { type: 'staff', id: text }, target: { type: 'user', id: text }, reason: text, metadata: { note: text }, personal: { reason: text }, context: { ip: '198.51.100.1', userAgent: text } });
      ids.push((await db.auditEvent.findFirstOrThrow({ where: { actorId: text }, orderBy: { occurredAt: 'desc' } })).id);
    }
    await sealAuditEvents();
    return ids;
  }

  it('verifies events whose text holds tabs, newlines, the NULL marker, quotes and emoji, across batch boundaries', async () => {
    await awkwardEvents();
    const total = await db.auditEvent.count({ where: { sequence: { not: null } } });
    for (const batch of [1, 2, 3, 10_000]) expect(await verifyAuditChain(db, { batch })).toMatchObject({ ok: true, verified: total });
  });

  it('reads plain events as lines on PostgreSQL, and the rest as whole rows', async () => {
    await awkwardEvents();
    const first = await db.auditEvent.findFirstOrThrow({ where: { sequence: { not: null } }, orderBy: { sequence: 'asc' } });
    let lines = 0;
    for await (const batch of sealedBatches(db, first.sequence! - 1, 5)) if (!batch.rows) lines += batch.links.length;
    // Both dialects verify the same events; only PostgreSQL has the line reading to exercise.
    if (databaseDialect() === 'postgresql') expect(lines).toBeGreaterThan(0);
    else expect(lines).toBe(0);
  });

  it('reports progress as it goes', async () => {
    await someChainedEvent();
    const seen: number[] = [];
    const result = await verifyAuditChain(db, { batch: 2, onProgress: (n) => seen.push(n) });
    expect(seen.length).toBeGreaterThan(1);
    expect(seen.at(-1)).toBe(result.verified);
  });

  it('detects a NULL replaced by the NULL marker, and a separator spliced into a value', async () => {
    const event = await someChainedEvent();
    await someChainedEvent();
    expect(event.sessionId).toBeNull();
    const edits = [{ sessionId: '\u0001' }, { sessionId: '' }, { userAgent: `${event.userAgent}\t` }, { metadata: `${event.metadata ?? ''}\n` }, { personalText: '\u0001' }, { targetType: '\u0001' }];
    for (const edit of edits) {
      await db.auditEvent.update({ where: { id: event.id }, data: edit });
      for (const batch of [1, 3]) expect(await verifyAuditChain(db, { batch }), JSON.stringify(edit)).toMatchObject({ ok: false, brokenAt: event.id });
      await restore([event]);
    }
    expect(await verifyAuditChain(db, { batch: 3 })).toMatchObject({ ok: true });
  });

  it('names the first broken event when a later batch is broken too', async () => {
    const first = await someChainedEvent();
    for (let i = 0; i < 4; i += 1) await someChainedEvent();
    const later = await someChainedEvent();
    await db.auditEvent.update({ where: { id: later.id }, data: { action: 'user.sign_in' } });
    await db.auditEvent.update({ where: { id: first.id }, data: { reason: 'forged' } });
    expect(await verifyAuditChain(db, { batch: 2 })).toMatchObject({ ok: false, brokenAt: first.id, problem: 'the event was changed after it was written' });
    await restore([first, later]);
    expect(await verifyAuditChain(db, { batch: 2 })).toMatchObject({ ok: true });
  });
});
