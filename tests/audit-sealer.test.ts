import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { db, databaseDialect } from '@/lib/db/client';
import { systemActor } from '@/lib/audit/actor';
import { recordAudit } from '@/lib/audit/record';
import { verifyAuditChain } from '@/lib/audit/chain';
import { currentChainKeyVersion } from '@/lib/audit/seal';
import { SEAL_LEASE, sealAuditEvents, sealPassUnleased } from '@/lib/audit/sealer';
import { acquireLease, releaseLease } from '@/lib/jobs/lease';
import { eraseUser } from '@/lib/users/erasure';
import { newContext, signUpCustomer } from './support/fixtures';

// Writers append to a queue with one insert; the sealer links the queue into the chain
// (lib/audit/chain.ts, lib/audit/sealer.ts). Two transactions open at once only exist on
// PostgreSQL: Prisma runs one interactive transaction at a time on SQLite.
const onPostgres = databaseDialect() === 'postgresql';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

/** Fails with `why` unless `promise` settles within `ms`. */
async function within<T>(promise: Promise<T>, ms: number, why: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(why)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether "3-7,12" (encodeSequences) includes n. */
function inRanges(ranges: string, n: number) {
  return ranges.split(',').some((part) => {
    const [from, to = from] = part.split('-').map(Number);
    return n >= from! && n <= to!;
  });
}

const signOut = (actorId: string, reason?: string) => ({ action: 'user.sign_out' as const, actor: { type: 'user' as const, id: actorId }, ...(reason ? { reason } : {}), context: newContext() });

/** The sealer logs what it refuses; the tests that make it refuse read the result instead. */
async function quietly<T>(fn: () => Promise<T>) {
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    return await fn();
  } finally {
    error.mockRestore();
  }
}

describe('audit sealer', () => {
  it.runIf(onPostgres)('lets audited transactions run side by side: each appends while the others are still open', async () => {
    const tag = randomUUID();
    const writers = 8;
    const appended = Array.from({ length: writers }, gate);
    await Promise.all(
      appended.map((mine, i) =>
        db.$transaction(
          async (tx) => {
            await recordAudit(tx, signOut(`side-by-side-${tag}-${i}`));
            mine.open();
            // Every other transaction must append while this one is still open. Behind one lock held to
            // commit, the second writer would wait for the first and the first for the second.
            await within(Promise.all(appended.map((g) => g.opened)), 5_000, `transaction ${i} was open while another could not append: a lock serialises audited writes`);
          },
          { timeout: 15_000 },
        ),
      ),
    );
    expect(await db.auditEvent.count({ where: { actorId: { startsWith: `side-by-side-${tag}` } } })).toBe(writers);
  });

  it('appends 50 parallel audited transactions unsealed, then one seal pass chains them all', async () => {
    const tag = `parallel-${randomUUID()}`;
    await Promise.all(Array.from({ length: 50 }, (_, i) => db.$transaction((tx) => recordAudit(tx, signOut(`${tag}-${i}`)))));
    const written = await db.auditEvent.findMany({ where: { actorId: { startsWith: tag } } });
    expect(written).toHaveLength(50);
    // One insert each: nothing chained at write time, everything queued with its entry seal.
    expect(written.every((e) => e.sequence === null && e.hash === null && e.prevHash === null && e.entryMac !== null && e.unsealedSince !== null)).toBe(true);

    const run = await sealAuditEvents();
    expect(run).toMatchObject({ acquired: true, refused: 0 });
    expect(run.sealed).toBeGreaterThanOrEqual(50);
    const sealed = await db.auditEvent.findMany({ where: { actorId: { startsWith: tag } }, orderBy: { sequence: 'asc' } });
    expect(sealed.every((e) => e.sequence !== null && e.hash !== null && e.entryMac === null && e.unsealedSince === null && e.keyVersion === currentChainKeyVersion())).toBe(true);
    expect(new Set(sealed.map((e) => e.sequence)).size).toBe(50);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, unsealed: 0 });
  });

  it.runIf(onPostgres)('seals an event that commits after later events were sealed: in the next pass, never skipped', async () => {
    const tag = randomUUID();
    const appended = gate();
    const release = gate();
    const late = db.$transaction(
      async (tx) => {
        await recordAudit(tx, signOut(`late-${tag}`));
        appended.open();
        await release.opened;
      },
      { timeout: 15_000 },
    );
    await appended.opened;
    await recordAudit(db, signOut(`early-${tag}`));
    await sealAuditEvents();
    const early = await db.auditEvent.findFirstOrThrow({ where: { actorId: `early-${tag}` } });
    expect(early.sequence).not.toBeNull();

    release.open();
    await late;
    const waiting = await db.auditEvent.findFirstOrThrow({ where: { actorId: `late-${tag}` } });
    // Written first, committed after the sealer passed: an insert-order cursor would be past it now.
    expect(waiting.occurredAt.getTime()).toBeLessThanOrEqual(early.occurredAt.getTime());
    expect(waiting.sequence).toBeNull();
    await sealAuditEvents();
    const linked = await db.auditEvent.findFirstOrThrow({ where: { actorId: `late-${tag}` } });
    expect(linked.sequence).toBeGreaterThan(early.sequence!);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, unsealed: 0 });
  });

  it('seals under the lease: none while another instance holds it, and two sealers racing past it still make one chain', async () => {
    const tag = `race-${randomUUID()}`;
    for (let i = 0; i < 30; i++) await recordAudit(db, signOut(`${tag}-${i}`));

    const other = (await acquireLease(SEAL_LEASE, 60_000, 'another-instance'))!;
    expect(await sealAuditEvents({ waitMs: 0 })).toEqual({ acquired: false, sealed: 0, refused: 0 });
    expect(await db.auditEvent.count({ where: { actorId: { startsWith: tag }, sequence: null } })).toBe(30);
    await releaseLease(other);

    // Two holders at once, as when a stalled holder's lease ran out mid-pass: small batches, so they interleave.
    const [first, second] = await Promise.all([sealPassUnleased(4), sealPassUnleased(4)]);
    expect(first.sealed + second.sealed).toBeGreaterThanOrEqual(30);
    const rows = await db.auditEvent.findMany({ where: { actorId: { startsWith: tag } } });
    expect(rows.every((e) => e.sequence !== null)).toBe(true);
    expect(await verifyAuditChain()).toMatchObject({ ok: true, unsealed: 0 });

    // A holder that stopped renewing: its lease expires and the next instance seals.
    await acquireLease(SEAL_LEASE, 1, 'stopped-instance');
    await new Promise((resolve) => setTimeout(resolve, 10));
    await recordAudit(db, signOut(`${tag}-after-takeover`));
    expect(await sealAuditEvents({ waitMs: 0 })).toMatchObject({ acquired: true, sealed: 1 });
  });

  it('seals while another process appends to the same database, waiting for its writes instead of failing', async () => {
    // On SQLite a transaction that reads and then writes fails at once (SQLITE_BUSY_SNAPSHOT)
    // when another connection wrote in between: the busy timeout cannot help it.
    const writer = spawn(process.execPath, ['--conditions=react-server', '--import', 'tsx', 'tests/support/audit-writer.ts'], { env: { ...process.env }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      // Seal while it writes: from its first commits, for two seconds.
      let appended = 0;
      writer.stdout.on('data', (chunk: Buffer) => (appended += chunk.toString().split('\n').length - 1));
      await vi.waitUntil(() => appended >= 5, { timeout: 20_000, interval: 20 });
      let sealed = 0;
      for (const until = Date.now() + 2000; Date.now() < until; ) {
        const run = await sealAuditEvents({ batchSize: 50 });
        expect(run.acquired).toBe(true);
        sealed += run.sealed;
      }
      expect(sealed).toBeGreaterThan(0);
    } finally {
      writer.kill('SIGKILL');
      await new Promise((resolve) => writer.once('exit', resolve));
    }
    await sealAuditEvents();
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('reports how many events wait for the sealer and how long the oldest has waited', async () => {
    await sealAuditEvents();
    const tag = `lag-${randomUUID()}`;
    for (let i = 0; i < 3; i++) await recordAudit(db, signOut(`${tag}-${i}`));
    const oldest = await db.auditEvent.findFirstOrThrow({ where: { actorId: `${tag}-0` } });
    const later = new Date(oldest.unsealedSince!.getTime() + 90_000);
    expect(await verifyAuditChain(db, { now: later })).toMatchObject({ ok: true, unsealed: 3, oldestUnsealedSeconds: 90 });

    await sealAuditEvents();
    const after = await verifyAuditChain(db, { now: later });
    expect(after).toMatchObject({ ok: true, unsealed: 0 });
    expect(after).not.toHaveProperty('oldestUnsealedSeconds');
  });

  it('refuses to seal an event edited while it waited, reports it, and detects an edit after sealing', async () => {
    await sealAuditEvents();
    const tag = `edited-${randomUUID()}`;
    await recordAudit(db, signOut(tag, 'idle_timeout'));
    const queued = await db.auditEvent.findFirstOrThrow({ where: { actorId: tag } });

    await db.auditEvent.update({ where: { id: queued.id }, data: { reason: 'nothing_happened' } });
    expect(await quietly(() => sealAuditEvents())).toMatchObject({ acquired: true, refused: 1 });
    expect((await db.auditEvent.findUniqueOrThrow({ where: { id: queued.id } })).sequence).toBeNull();
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: queued.id, problem: expect.stringMatching(/changed while it waited/) });

    // Who it names is covered too, through the personal digest.
    await db.auditEvent.update({ where: { id: queued.id }, data: { reason: queued.reason, ipAddress: '203.0.113.66' } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: queued.id, problem: expect.stringMatching(/who or where/) });

    await db.auditEvent.update({ where: { id: queued.id }, data: { ipAddress: queued.ipAddress } });
    expect(await sealAuditEvents()).toMatchObject({ sealed: 1, refused: 0 });
    const sealed = await db.auditEvent.findUniqueOrThrow({ where: { id: queued.id } });
    expect(await verifyAuditChain()).toMatchObject({ ok: true, unsealed: 0 });

    await db.auditEvent.update({ where: { id: sealed.id }, data: { reason: 'nothing_happened' } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: sealed.id, problem: 'the event was changed after it was written' });
    await db.auditEvent.update({ where: { id: sealed.id }, data: { reason: sealed.reason } });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });
  });

  it('never seals an event written into the queue outside Gatehouse, and notices one taken out of it', async () => {
    await sealAuditEvents();
    // What someone with database access but not AUTH_SECRET can write: everything but a valid entry seal.
    const forged = await db.auditEvent.create({
      data: { action: 'user.role_assigned', result: 'success', actorType: 'staff', personalDigest: 'salt.digest', keyVersion: currentChainKeyVersion(), entryMac: 'f'.repeat(64), unsealedSince: new Date() },
    });
    expect(await quietly(() => sealAuditEvents())).toMatchObject({ sealed: 0, refused: 1 });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: forged.id, problem: expect.stringMatching(/not written by Gatehouse/) });
    await db.auditEvent.delete({ where: { id: forged.id } });

    const tag = `dequeued-${randomUUID()}`;
    await recordAudit(db, signOut(tag));
    const queued = await db.auditEvent.findFirstOrThrow({ where: { actorId: tag } });
    // Out of the queue it would never be sealed, and would pass for an event from before the chain.
    await db.auditEvent.update({ where: { id: queued.id }, data: { unsealedSince: null } });
    expect(await verifyAuditChain()).toMatchObject({ ok: false, brokenAt: queued.id, problem: expect.stringMatching(/taken out of the sealer’s queue/) });
    await db.auditEvent.update({ where: { id: queued.id }, data: { unsealedSince: queued.unsealedSince } });
    await sealAuditEvents();
    expect(await verifyAuditChain()).toMatchObject({ ok: true, unsealed: 0 });
  });

  it('erases a person while some of their events and the erasure event itself wait for the sealer', async () => {
    const { user } = await signUpCustomer();
    await sealAuditEvents();
    const sealedBefore = await db.auditEvent.findMany({ where: { actorId: user.id, sequence: { not: null } } });
    expect(sealedBefore.length).toBeGreaterThan(0);
    await recordAudit(db, { ...signOut(user.id), personal: { note: `signed out ${user.email}` } });

    const evidence = (await db.$transaction((tx) => eraseUser(tx, user.id, systemActor())))!;
    const erasure = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.erased', targetId: evidence.tombstoneId } });
    expect(erasure.sequence).toBeNull();
    // The erasure names the sealed rows it changed; the queued one was re-digested instead.
    const named = JSON.parse(erasure.metadata!).redacted as string;
    for (const row of sealedBefore) expect(inRanges(named, row.sequence!)).toBe(true);
    const queued = await db.auditEvent.findFirstOrThrow({ where: { action: 'user.sign_out', actorId: evidence.tombstoneId, sequence: null } });
    expect(queued).toMatchObject({ ipAddress: null, userAgent: null, personalText: null });
    expect(await verifyAuditChain()).toMatchObject({ ok: true });

    await sealAuditEvents();
    expect(await verifyAuditChain()).toMatchObject({ ok: true, unsealed: 0 });
    expect((await db.auditEvent.findUniqueOrThrow({ where: { id: erasure.id } })).sequence).not.toBeNull();
  });
});
