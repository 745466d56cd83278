import { metrics } from './metrics';
import { operationsDb, withTimeout, type CheckFailureLog } from './readiness';

const BACKLOG_STATUSES = ['pending', 'delivering'] as const;

/**
 * The gauges that live in the database, read when Prometheus scrapes. A gauge that cannot be
 * read within the check timeout is NaN for that scrape: the process metrics still go out, and
 * an old number is never passed off as current.
 */
export async function collectDatabaseGauges(onFailure?: CheckFailureLog) {
  const { webhookBacklog, auditUnsealed } = metrics();
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
    // Every event is hashed in the transaction that writes it today (lib/audit/chain.ts), so this
    // counts only events from before the chain existed and stays flat. TODO(issue 10 item 3): the
    // audit sealer will hash events after they are written; this count is then its lag, and the
    // sealer should give it a cheaper source (an index on unsealed rows, or its own watermark)
    // than a scan of the audit table on every scrape.
    withTimeout(db.auditEvent.count({ where: { hash: null } })).then(
      (count) => auditUnsealed.set(count),
      (error: unknown) => {
        onFailure?.('audit_unsealed', error);
        auditUnsealed.set(Number.NaN);
      },
    ),
  ]);
}
