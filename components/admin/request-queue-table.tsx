import Link from 'next/link';
import { SimpleTable } from '@/components/ui/simple-table';
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
    <SimpleTable
      caption="Data requests matching the filters, soonest due first"
      columns={['Type', 'Subject', 'Source', 'Status', 'Due', 'Assignee']}
      rows={rows}
      rowKey={(r) => r.id}
      rowClassName={(r) => (r.overdue ? 'bg-amber-50 dark:bg-amber-950/40' : '')}
      empty="No requests match these filters."
      renderRow={(r) => (
        <>
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
        </>
      )}
    />
  );
}
