import 'server-only';
import { db, type DbOrTx } from '@/lib/db/client';
import { PRE_CHAIN, PRUNE_ANCHOR_ACTION, pruneAnchor } from '@/lib/audit/chain';
import { recordAudit } from '@/lib/audit/record';
import { auditedAs, type StaffActor, type SystemActor } from '@/lib/audit/actor';
import { inBatches } from './batches';
import type { CategoryResult } from './categories';

/**
 * Audit retention that keeps the log verifiable. Only a contiguous oldest prefix of the
 * chain (by sequence) is deleted: it ends before the first event that is recent enough
 * to keep, or that names someone under legal hold. Before deleting, an `audit.pruned`
 * event records the last sequence removed and its hash, and verifyAuditChain() starts
 * from that anchor (lib/audit/chain.ts), even before the sealer has linked the anchor. Events
 * from before the chain existed are outside it and are deleted by age alone. Events still
 * waiting for the sealer are never deleted: once sealed, they are part of the chain like any.
 */

type Plan = {
  /** Delete chained events with sequence up to here; null when there is nothing to delete. */
  through: number | null;
  /** The last sequence the newest existing anchor already covers. */
  anchored: number;
  chained: number;
  unchained: number;
  skippedLegalHold: number;
  keptForChain: number;
};

const naming = (ids: string[]) => [{ actorId: { in: ids } }, { targetId: { in: ids } }];
const notNaming = (ids: string[]) => [
  { OR: [{ actorId: null }, { actorId: { notIn: ids } }] },
  { OR: [{ targetId: null }, { targetId: { notIn: ids } }] },
];

async function plan(client: DbOrTx, cutoff: Date, held: string[]): Promise<Plan> {
  const anchored = (await pruneAnchor(client))?.sequence ?? 0;
  const firstKept = await client.auditEvent.findFirst({
    where: { sequence: { not: null }, OR: [{ occurredAt: { gte: cutoff } }, ...(held.length ? naming(held) : [])] },
    orderBy: { sequence: 'asc' },
    select: { sequence: true },
  });
  const last = await client.auditEvent.findFirst({ where: { sequence: { not: null } }, orderBy: { sequence: 'desc' }, select: { sequence: true } });
  const prefixEnd = firstKept ? firstKept.sequence! - 1 : (last?.sequence ?? 0);
  // Links an earlier, interrupted run anchored are committed to deletion whatever the policy says now.
  const end = Math.max(prefixEnd, anchored);
  const chained = end > 0 ? await client.auditEvent.count({ where: { sequence: { lte: end } } }) : 0;
  const old = { occurredAt: { lt: cutoff } };
  const [unchained, skippedLegalHold, oldChained] = await Promise.all([
    client.auditEvent.count({ where: { ...PRE_CHAIN, ...old, AND: notNaming(held) } }),
    held.length ? client.auditEvent.count({ where: { ...old, OR: naming(held) } }) : 0,
    client.auditEvent.count({ where: { sequence: { not: null }, ...old } }),
  ]);
  return {
    through: chained > 0 ? end : null,
    anchored,
    chained,
    unchained,
    skippedLegalHold,
    keptForChain: Math.max(0, oldChained - chained - skippedLegalHold),
  };
}

export async function countAuditEvents(cutoff: Date, held: string[]): Promise<CategoryResult> {
  const p = await plan(db, cutoff, held);
  return {
    affected: p.chained + p.unchained,
    details: { AuditEvent: p.chained + p.unchained, skippedLegalHold: p.skippedLegalHold, keptToPreserveChain: p.keptForChain },
  };
}

export async function pruneAuditEvents(cutoff: Date, held: string[], options: { batchSize: number; by: StaffActor | SystemActor }): Promise<CategoryResult> {
  const p = await plan(db, cutoff, held);
  const details: CategoryResult['details'] = { skippedLegalHold: p.skippedLegalHold, keptToPreserveChain: p.keptForChain };
  let batches = 0;
  let removed = 0;
  if (p.through !== null) {
    const through = p.through;
    if (through > p.anchored) {
      // The anchor goes in first, in its own transaction: if the deletion stops halfway,
      // the chain still verifies from the anchor and the next run finishes the job.
      await db.$transaction(async (tx) => {
        const link = await tx.auditEvent.findUniqueOrThrow({ where: { sequence: through }, select: { hash: true } });
        if (!link.hash) throw new Error(`audit event ${through} has no hash; refusing to prune the chain`);
        await recordAudit(tx, { action: PRUNE_ANCHOR_ACTION, ...auditedAs(options.by), metadata: { throughSequence: through, throughHash: link.hash, events: p.chained } });
        details.anchorSequence = through;
        details.anchorHash = link.hash;
      });
    }
    const chained = await inBatches(
      options.batchSize,
      async (tx, take) => (await tx.auditEvent.findMany({ where: { sequence: { lte: through } }, orderBy: { sequence: 'asc' }, take, select: { id: true } })).map((e) => e.id),
      async (tx, ids) => (await tx.auditEvent.deleteMany({ where: { id: { in: ids } } })).count,
    );
    batches += chained.batches;
    removed += chained.removed;
  }
  const unchained = await inBatches(
    options.batchSize,
    async (tx, take) =>
      (await tx.auditEvent.findMany({ where: { ...PRE_CHAIN, occurredAt: { lt: cutoff }, AND: notNaming(held) }, take, select: { id: true } })).map((e) => e.id),
    async (tx, ids) => (await tx.auditEvent.deleteMany({ where: { id: { in: ids } } })).count,
  );
  batches += unchained.batches;
  removed += unchained.removed;
  return { affected: removed, details: { AuditEvent: removed, batches, ...details } };
}
