import 'server-only';
import { config } from '@/lib/config';
import { withLease } from '@/lib/jobs/lease';
import { chainHead, logChainAnchor, type ChainAnchor } from './chain';

/**
 * Every AUDIT_ANCHOR_INTERVAL_MINUTES, the newest chain head goes to the server log as one JSON line
 * ({"gatehouse":"audit_anchor",...}), so a log pipeline keeps a copy of it outside the database and
 * a cut-off tail shows against it (lib/audit/chain.ts). One instance at a time, under a lease, and
 * only when the head moved since this process last wrote one.
 */

const LEASE = 'audit-anchor';
const globalForAnchors = globalThis as unknown as { gatehouseAnchorTimer?: ReturnType<typeof setInterval>; gatehouseLastAnchor?: number };

/** Writes the head to the log if it moved; returns what it wrote, or null (no change, empty chain, lease held elsewhere). */
export async function anchorChainHead(): Promise<ChainAnchor | null> {
  const run = await withLease(LEASE, 60_000, async () => {
    const head = await chainHead();
    if (!head || head.sequence === globalForAnchors.gatehouseLastAnchor) return null;
    logChainAnchor(head);
    globalForAnchors.gatehouseLastAnchor = head.sequence;
    return head;
  });
  return run.acquired ? run.result : null;
}

export function startAuditAnchoring() {
  const minutes = config().auditAnchorIntervalMinutes;
  if (minutes === 0 || globalForAnchors.gatehouseAnchorTimer) return;
  const timer = setInterval(() => {
    anchorChainHead().catch((error: unknown) => console.error('Audit anchor failed:', error instanceof Error ? error.message : error));
  }, minutes * 60 * 1000);
  timer.unref();
  globalForAnchors.gatehouseAnchorTimer = timer;
}

export function stopAuditAnchoring() {
  clearInterval(globalForAnchors.gatehouseAnchorTimer);
  globalForAnchors.gatehouseAnchorTimer = undefined;
}
