import { UNSEALED } from '@/lib/audit/chain';
import { metrics } from './metrics';
import { operationsDb, withTimeout, type CheckFailureLog } from './readiness';

const BACKLOG_STATUSES = ['pending', 'delivering'] as const;

/**
 * The gauges that live in the database, read when Prometheus scrapes. A gauge that cannot be
 * read within the check timeout is NaN for that scrape: the process metrics still go out, and
 * an old number is never passed off as current.
 */
export async function collectDatabaseGauges(onFailure?: CheckFailureLog) {
  const { webhookBacklog, auditUnsealed, auditSealerLag } = metrics();
  const db = operationsDb();
  await Promise.all([
    withTimeout(db.webhookDelivery.groupBy({ by: ['status'], where: { status: { in: [...BACKLOG_STATUSES] } }, _count: { _all: true } })).then(
      (groups) => {
        for (const status of BACKLOG_STATUSES) webhookBacklog.set({ status }, groups.find((g) => g.status === status)?._count._all ?? 0);
      },
      (error: unknown) => {
        onFailure?.('webhook_backlog', error);
        for (const status of BACKLOG_STATUSES) webhookBacklog.set({ status }, Number.NaN);
      },
    ),
    // The sealer's queue (lib/audit/sealer.ts), read through its index on unsealedSince: how
    // many events wait and how long the oldest has waited.
    withTimeout(db.auditEvent.aggregate({ where: UNSEALED, _count: { _all: true }, _min: { unsealedSince: true } })).then(
      (queue) => {
        auditUnsealed.set(queue._count._all);
        const oldest = queue._min.unsealedSince;
        auditSealerLag.set(oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0);
      },
      (error: unknown) => {
        onFailure?.('audit_unsealed', error);
        auditUnsealed.set(Number.NaN);
        auditSealerLag.set(Number.NaN);
      },
    ),
  ]);
}
