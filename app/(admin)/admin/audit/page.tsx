import type { Metadata } from 'next';
import { currentUserCan, requirePermission } from '@/lib/rbac/check';
import { auditLogPage } from '@/lib/audit/log-query';
import { auditPageSchema, searchParamsRecord } from '@/lib/validation/audit';
import { Alert } from '@/components/ui/alert';
import { DateTime } from '@/components/ui/date-time';
import { AuditFilters } from '@/components/admin/audit-filters';
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

  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
      <AuditFilters values={raw} />
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
        <div className="overflow-x-auto rounded-2xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
          <table className="w-full text-left text-sm">
            <caption className="p-4 text-left font-semibold">Events, newest first</caption>
            <thead className="border-t border-zinc-200 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
              <tr>
                {['Time', 'Action', 'Result', 'Actor', 'Target', 'IP address', 'Details'].map((h) => (
                  <th key={h} scope="col" className="px-4 py-2 font-medium">
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.events.map((e) => (
                <tr key={e.id} className="border-t border-zinc-100 align-top dark:border-zinc-800">
                  <td className="whitespace-nowrap px-4 py-2">
                    <DateTime value={e.occurredAt} />
                  </td>
                  <td className="px-4 py-2 font-mono text-xs">{e.action}</td>
                  <td className="px-4 py-2">{e.result}</td>
                  <td className="px-4 py-2 break-all">
                    {e.actorType}
                    {e.actorId ? <span className="block font-mono text-xs text-zinc-500">{e.actorId}</span> : null}
                  </td>
                  <td className="px-4 py-2 break-all">
                    {e.targetType ?? '—'}
                    {e.targetId ? <span className="block font-mono text-xs text-zinc-500">{e.targetId}</span> : null}
                  </td>
                  <td className="px-4 py-2">{e.ipAddress ?? '—'}</td>
                  <td className="px-4 py-2 break-all font-mono text-xs">{[e.reason, e.metadata].filter(Boolean).join(' ') || '—'}</td>
                </tr>
              ))}
              {page.events.length === 0 ? (
                <tr>
                  <td colSpan={7} className="px-4 py-6 text-center text-zinc-500">
                    No events match these filters.
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
        </div>
      ) : null}
      {page ? (
        <nav aria-label="Audit log pages" className="flex gap-3">
          {page.newerCursor ? (
            <a href={withQuery({ after: page.newerCursor })} className={linkClass}>
              Newer
            </a>
          ) : null}
          {page.olderCursor ? (
            <a href={withQuery({ before: page.olderCursor })} className={linkClass}>
              Older
            </a>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
