import type { Metadata } from 'next';
import { currentUserCan, requirePermission } from '@/lib/rbac/check';
import { auditLogPage } from '@/lib/audit/log-query';
import { auditPageSchema, searchParamsRecord } from '@/lib/validation/audit';
import { Alert } from '@/components/ui/alert';
import { AuditFilters } from '@/components/admin/audit-filters';
import { AuditLogTable } from '@/components/admin/audit-log-table';
import { VerifyAuditChain } from '@/components/admin/verify-audit-chain';
import { verifyAuditChainAction } from './actions';

export const metadata: Metadata = { title: 'Audit log' };

const FILTER_KEYS = ['actor', 'target', 'action', 'result', 'from', 'to'] as const;
const linkClass = 'rounded-lg border border-zinc-300 px-3 py-2 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800';

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePermission('audit:read', '/admin/audit');
  const raw = searchParamsRecord(await searchParams);
  const parsed = auditPageSchema.safeParse(raw);
  const canExport = await currentUserCan('audit:export');
  const filterQuery = new URLSearchParams(FILTER_KEYS.flatMap((k) => (raw[k] ? [[k, raw[k]] as [string, string]] : [])));
  const withQuery = (extra: Record<string, string>) => `?${new URLSearchParams([...filterQuery, ...Object.entries(extra)])}`;
  const page = parsed.success ? await auditLogPage(parsed.data, parsed.data) : null;
  const order = parsed.success ? (parsed.data.order ?? 'newest') : 'newest';
  // Paging keeps the order; the exports are always newest first.
  const pageQuery = (extra: Record<string, string>) => withQuery(order === 'oldest' ? { order, ...extra } : extra);

  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
      <AuditFilters values={raw} order={order} />
      <div className="flex flex-wrap items-start justify-between gap-4">
        <VerifyAuditChain verify={verifyAuditChainAction} />
        {canExport && page ? (
          <div className="flex gap-3">
            <a href={`/admin/audit/export/csv${withQuery({})}`} className={linkClass}>
              Export CSV
            </a>
            <a href={`/admin/audit/export/json${withQuery({})}`} className={linkClass}>
              Export JSON
            </a>
          </div>
        ) : null}
      </div>
      {!page ? <Alert tone="error">Some filters are not valid: check the dates and try again.</Alert> : null}
      {page ? (
        <AuditLogTable
          order={order}
          rows={page.events.map((e) => ({
            id: e.id,
            occurredAt: e.occurredAt,
            action: e.action,
            result: e.result,
            actorType: e.actorType,
            actorId: e.actorId,
            targetType: e.targetType,
            targetId: e.targetId,
            ipAddress: e.ipAddress,
            details: [e.reason, e.metadata, e.personalText].filter(Boolean).join(' ') || null,
          }))}
        />
      ) : null}
      {page ? (
        <nav aria-label="Audit log pages" className="flex gap-3">
          {page.newerCursor ? (
            <a href={pageQuery({ after: page.newerCursor })} className={linkClass}>
              Newer
            </a>
          ) : null}
          {page.olderCursor ? (
            <a href={pageQuery({ before: page.olderCursor })} className={linkClass}>
              Older
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
