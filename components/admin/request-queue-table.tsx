import Link from 'next/link';
import { DSR_SOURCE_LABELS, DSR_STATUS_LABELS, DSR_TYPE_LABELS, type DsrType } from '@/lib/validation/dsr';

export type RequestQueueRow = {
  id: string;
  type: string;
  subjectEmail: string;
  source: string;
  status: string;
  dueAt: Date;
  assignee: string | null;
  overdue: boolean;
};

const day = (d: Date) => d.toISOString().slice(0, 10);

/** The queue's table; overdue rows are tinted and say "Overdue" in words, so colour is never the only signal. */
export function RequestQueueTable({ rows }: { rows: RequestQueueRow[] }) {
  return (
    <div className="overflow-x-auto rounded-2xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm">
        <caption className="p-4 text-left font-semibold">Data requests matching the filters, soonest due first</caption>
        <thead className="border-t border-zinc-200 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            {['Type', 'Subject', 'Source', 'Status', 'Due', 'Assignee'].map((h) => (
              <th key={h} scope="col" className="px-4 py-2 font-medium">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={6} className="px-4 py-6 text-center text-zinc-500">
                No requests match these filters.
              </td>
            </tr>
          ) : (
            rows.map((r) => (
              <tr key={r.id} className={`border-t border-zinc-100 dark:border-zinc-800 ${r.overdue ? 'bg-amber-50 dark:bg-amber-950/40' : ''}`}>
                <td className="px-4 py-2">{DSR_TYPE_LABELS[r.type as DsrType] ?? r.type}</td>
                <td className="px-4 py-2">
                  <Link href={`/admin/requests/${r.id}`} className="text-brand-ink underline-offset-4 hover:underline">
                    {r.subjectEmail}
                  </Link>
                </td>
                <td className="px-4 py-2">{DSR_SOURCE_LABELS[r.source] ?? r.source}</td>
                <td className="px-4 py-2">
                  {DSR_STATUS_LABELS[r.status] ?? r.status}
                  {r.overdue ? (
                    <span className="ml-2 rounded-full border border-amber-400 px-2 py-0.5 text-xs font-semibold text-amber-900 dark:border-amber-600 dark:text-amber-200">Overdue</span>
                  ) : null}
                </td>
                <td className="px-4 py-2">{day(r.dueAt)}</td>
                <td className="px-4 py-2">{r.assignee ?? 'Unassigned'}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
