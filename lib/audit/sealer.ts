import 'server-only';
import { config } from '@/lib/config';
import { db, databaseDialect, type Tx } from '@/lib/db/client';
import { renewLease, withLease, type Lease } from '@/lib/jobs/lease';
import { pruneAnchor, QUEUE_ORDER, queuedAfter, UNSEALED, type QueuePosition } from './chain';
import { currentChainKeyVersion, eventHash, unsealedProblem } from './seal';

/**
 * The sealer links the events writers queued into the chain: lib/audit/chain.ts says why writing and
 * sealing are apart and why the sequence is the sealing order. Every instance runs it every
 * AUDIT_SEAL_INTERVAL_SECONDS; the lease lets one instance seal at a time and any other take over
 * when the holder stops. Exports, `npm run audit:verify -- --seal` and tests call sealAuditEvents().
 */

export const SEAL_LEASE = 'audit-seal';
const LEASE_MS = 15_000;
const BATCH = 500;
/** A pass ends after this many full batches even if writers keep the queue full, so a direct caller gets an answer. */
const MAX_BATCHES_PER_PASS = 100;

/**
 * Any constant, taken as a PostgreSQL advisory lock by each sealing transaction and by erasure
 * (holdSealer), never by a writer. It is the lock every append took before the sealer, so during a
 * rolling upgrade the older instances' appends and this sealer take turns instead of colliding on a
 * sequence. Lease and lock overlap on purpose: the lease keeps a second instance from doing the work
 * at all; the lock (and the unique sequence, and the conditional update in sealBatch) keeps a sealer
 * whose lease ran out from forking the chain.
 */
const CHAIN_LOCK = 0x6761_7465;

/**
 * Keeps the sealer off until the transaction ends. Erasure takes it before it reads which events
 * name the person, so each event it changes is either already sealed (and named) or still queued
 * (and re-digested), not sealed in between from the old fields.
 */
export async function holdSealer(tx: Tx) {
  if (databaseDialect() === 'postgresql') {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
    return;
  }
  // SQLite has one writer at a time, and Prisma runs one interactive transaction at a time per client.
  // But a transaction that reads and then writes fails at once (SQLITE_BUSY_SNAPSHOT) when another
  // process (a second instance, a cron job) wrote in between: the busy timeout cannot help it. A
  // write first takes the file's write lock, waiting for it as long as the busy timeout allows, and
  // the reads that follow see what they will write over. The row need not exist.
  await tx.$executeRawUnsafe(`UPDATE "JobLease" SET "holder" = "holder" WHERE "name" = '${SEAL_LEASE}'`);
}

/** An event changed or sealed by someone else between being read and being sealed: the batch is redone. */
class SealConflict extends Error {
  constructor(missed: number) {
    super(`${missed} audit event(s) changed while they were being sealed`);
    this.name = 'SealConflict';
  }
}

/** Waiting for an erasure's hold on the lock counts against Prisma's 5 s default: allow the lease's length. */
const SEAL_TRANSACTION = { timeout: LEASE_MS };

type Batch = { read: number; sealed: number; refused: string[]; last?: QueuePosition };

/** One transaction: the next `take` queued events after `after`, each linked to the one before. */
async function sealBatch(after: QueuePosition | undefined, take: number): Promise<Batch> {
  return db.$transaction(async (tx) => {
    await holdSealer(tx);
    const rows = await tx.auditEvent.findMany({ where: { ...UNSEALED, ...(after ? queuedAfter(after) : {}) }, orderBy: QUEUE_ORDER, take });
    const head = await tx.auditEvent.findFirst({ where: { sequence: { not: null } }, orderBy: { sequence: 'desc' }, select: { sequence: true, hash: true } });
    // Retention may have removed every sealed event, the last link too, before its anchor was sealed: the chain goes on from the anchor.
    let previous: { sequence: number; hash: string | null } | null = head ? { sequence: head.sequence!, hash: head.hash } : await pruneAnchor(tx);
    const keyVersion = currentChainKeyVersion();
    const refused: string[] = [];
    const links: Link[] = [];
    for (const row of rows) {
      // Refused events stay queued, and the verifier reports them: sealing one would vouch for it.
      if (unsealedProblem(row) !== null) {
        refused.push(row.id);
        continue;
      }
      const link = { sequence: (previous?.sequence ?? 0) + 1, prevHash: previous?.hash ?? null, keyVersion };
      const hash = eventHash({ ...row, ...link, personalDigest: row.personalDigest! })!;
      links.push({ ...link, id: row.id, hash, entryMac: row.entryMac! });
      previous = { sequence: link.sequence, hash };
    }
    const linked = await writeLinks(tx, links);
    if (linked !== links.length) throw new SealConflict(links.length - linked);
    const last = rows.at(-1);
    return { read: rows.length, sealed: links.length, refused, last: last && { unsealedSince: last.unsealedSince!, id: last.id } };
  }, SEAL_TRANSACTION);
}

type Link = { id: string; entryMac: string; sequence: number; prevHash: string | null; hash: string; keyVersion: number };

/**
 * The batch's links in one UPDATE (one statement per event made the sealer slower than the writers
 * it follows). Each row is written only if it is still queued with the entry seal that was read,
 * so an event changed since (erasure re-digests queued events) or sealed by a sealer whose lease
 * ran out is not sealed again from stale fields: the count then falls short and the batch is redone.
 * Prisma has no update of many rows with a value each, hence SQL, one form per dialect.
 */
async function writeLinks(tx: Tx, links: Link[]): Promise<number> {
  if (links.length === 0) return 0;
  const postgres = databaseDialect() === 'postgresql';
  const params = links.flatMap((l) => [l.id, l.sequence, l.prevHash, l.hash, l.keyVersion, l.entryMac]);
  const values = links
    .map((_, i) => (postgres ? `($${i * 6 + 1}::text, $${i * 6 + 2}::int, $${i * 6 + 3}::text, $${i * 6 + 4}::text, $${i * 6 + 5}::int, $${i * 6 + 6}::text)` : '(?, ?, ?, ?, ?, ?)'))
    .join(', ');
  const sql = postgres
    ? `UPDATE "AuditEvent" AS e SET "sequence" = v.seq, "prevHash" = v.prev, "hash" = v.hash, "keyVersion" = v.kv, "entryMac" = NULL, "unsealedSince" = NULL
       FROM (VALUES ${values}) AS v(id, seq, prev, hash, kv, mac)
       WHERE e."id" = v.id AND e."sequence" IS NULL AND e."unsealedSince" IS NOT NULL AND e."entryMac" = v.mac`
    : `UPDATE "AuditEvent" SET "sequence" = v.column2, "prevHash" = v.column3, "hash" = v.column4, "keyVersion" = v.column5, "entryMac" = NULL, "unsealedSince" = NULL
       FROM (VALUES ${values}) AS v
       WHERE "AuditEvent"."id" = v.column1 AND "AuditEvent"."sequence" IS NULL AND "AuditEvent"."unsealedSince" IS NOT NULL AND "AuditEvent"."entryMac" = v.column6`;
  return tx.$executeRawUnsafe(sql, ...params);
}

/** A unique violation on the sequence: another sealer linked first (only possible without the advisory lock). */
function isSequenceTaken(error: unknown) {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'P2002';
}

async function sealBatchRetrying(after: QueuePosition | undefined, take: number): Promise<Batch> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await sealBatch(after, take);
    } catch (error) {
      if (attempt >= 3 || !(error instanceof SealConflict || isSequenceTaken(error))) throw error;
    }
  }
}

export type SealRun = { acquired: boolean; sealed: number; refused: number };

/**
 * One pass over the queue from its oldest event. The position carried from batch to batch only steps
 * over refused events; it is dropped when the pass ends, so an event that committed late, behind it,
 * is taken by the next pass (lib/audit/chain.ts).
 */
async function sealPass(lease: Lease | null, batchSize: number): Promise<Omit<SealRun, 'acquired'>> {
  let after: QueuePosition | undefined;
  let sealed = 0;
  const refused: string[] = [];
  for (let batches = 1; ; batches += 1) {
    const batch = await sealBatchRetrying(after, batchSize);
    sealed += batch.sealed;
    refused.push(...batch.refused);
    if (!batch.last || batch.read < batchSize || batches >= MAX_BATCHES_PER_PASS) break;
    after = batch.last;
    // Lost the lease (this process stalled past it): whoever holds it now goes on.
    if (lease && !(await renewLease(lease, LEASE_MS))) break;
  }
  if (refused.length) {
    console.error(`Audit sealer: ${refused.length} queued event(s) cannot be sealed; npm run audit:verify says why. First: ${refused[0]}`);
  }
  return { sealed, refused: refused.length };
}

/**
 * One pass without the lease, as a sealer whose lease ran out mid-pass would run: only for tests
 * that race two sealers past the lease. Everything else calls sealAuditEvents().
 */
export function sealPassUnleased(batchSize = BATCH) {
  return sealPass(null, batchSize);
}

/**
 * Seals what is queued, under the lease. With the lease held elsewhere it waits up to `waitMs` for
 * it (that holder is sealing anyway), then answers acquired: false. The interval loop does not wait.
 */
export async function sealAuditEvents(options: { batchSize?: number; waitMs?: number } = {}): Promise<SealRun> {
  const giveUpAt = Date.now() + (options.waitMs ?? 10_000);
  for (;;) {
    const run = await withLease(SEAL_LEASE, LEASE_MS, (lease) => sealPass(lease, options.batchSize ?? BATCH));
    if (run.acquired) return { acquired: true, ...run.result };
    if (Date.now() >= giveUpAt) return { acquired: false, sealed: 0, refused: 0 };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const globalForSealer = globalThis as unknown as { gatehouseSealTimer?: ReturnType<typeof setInterval>; gatehouseSealing?: boolean };

export function startAuditSealing() {
  const seconds = config().auditSealIntervalSeconds;
  if (seconds === 0 || globalForSealer.gatehouseSealTimer) return;
  const timer = setInterval(() => {
    // A pass longer than the interval is not doubled up in this process; the lease covers the others.
    if (globalForSealer.gatehouseSealing) return;
    globalForSealer.gatehouseSealing = true;
    sealAuditEvents({ waitMs: 0 })
      .catch((error: unknown) => console.error('Audit sealing failed:', error instanceof Error ? error.message : error))
      .finally(() => {
        globalForSealer.gatehouseSealing = false;
      });
  }, seconds * 1000);
  timer.unref();
  globalForSealer.gatehouseSealTimer = timer;
}

export function stopAuditSealing() {
  clearInterval(globalForSealer.gatehouseSealTimer);
  globalForSealer.gatehouseSealTimer = undefined;
}
