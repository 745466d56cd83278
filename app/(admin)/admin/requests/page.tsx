import type { Metadata } from 'next';
import Link from 'next/link';
import { AccountSection } from '@/components/account/section';
import { FileRequestForm } from '@/components/admin/file-request-form';
import { RequestQueueTable } from '@/components/admin/request-queue-table';
import { Button } from '@/components/ui/button';
import { inputClass } from '@/components/ui/field';
import { requestQueue } from '@/lib/dsr/queue';
import { requirePermission } from '@/lib/rbac/check';
import { searchParamsRecord } from '@/lib/validation/audit';
import { DSR_TYPES, DSR_TYPE_LABELS, QUEUE_STATUS_FILTERS, queueSearchSchema, type QueueSearch } from '@/lib/validation/dsr';
import { fileRequestAction } from './actions';

export const metadata: Metadata = { title: 'Data requests' };

const STATUS_FILTER_LABELS: Record<(typeof QUEUE_STATUS_FILTERS)[number], string> = {
  active: 'Open or in progress',
  open: 'Open',
  in_progress: 'In progress',
  completed: 'Completed',
  rejected: 'Rejected',
  all: 'Any status',
};

function hrefWith(search: QueueSearch, change: Partial<QueueSearch>) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...search, ...change })) if (v) params.set(k, String(v));
  return `/admin/requests?${params}`;
}

export default async function RequestQueuePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await requirePermission('dsr:process', '/admin/requests');
  const search = queueSearchSchema.parse(searchParamsRecord(await searchParams));
  const { requests, next } = await requestQueue(search, session.user.id);
  const label = 'block text-sm font-medium text-zinc-800 dark:text-zinc-200';
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Data requests</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
          Customers&apos; requests for a copy of their data or its erasure. Each is due within 30 days of being made.
        </p>
      </div>
      <form method="get" action="/admin/requests" role="search" aria-label="Filter requests" className="space-y-4 rounded-2xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <div className="space-y-1.5">
            <label htmlFor="filter-status" className={label}>Status</label>
            <select id="filter-status" name="status" defaultValue={search.status} className={inputClass}>
              {QUEUE_STATUS_FILTERS.map((s) => <option key={s} value={s}>{STATUS_FILTER_LABELS[s]}</option>)}
            </select>
          </div>
          <div className="space-y-1.5">
            <label htmlFor="filter-type" className={label}>Type</label>
            <select id="filter-type" name="type" defaultValue={search.type ?? ''} className={inputClass}>
              <option value="">Any type</option>
              {DSR_TYPES.map((t) => <option key={t} value={t}>{DSR_TYPE_LABELS[t]}</option>)}
            </select>
          </div>
          <div className="space-y-1.5">
            <label htmlFor="filter-assignee" className={label}>Assigned</label>
            <select id="filter-assignee" name="assignee" defaultValue={search.assignee ?? ''} className={inputClass}>
              <option value="">Anyone or nobody</option>
              <option value="me">Assigned to me</option>
              <option value="unassigned">Unassigned</option>
            </select>
          </div>
          <div className="flex items-end pb-2">
            <label className="flex items-center gap-2 text-sm">
              <input type="checkbox" name="overdue" value="yes" defaultChecked={search.overdue === 'yes'} />
              Overdue only
            </label>
          </div>
        </div>
        <div className="flex flex-wrap gap-3">
          <Button type="submit" className="sm:w-auto">Show requests</Button>
          <Link href="/admin/requests" className="self-center text-sm text-brand-ink underline-offset-4 hover:underline">Clear filters</Link>
        </div>
      </form>
      <RequestQueueTable rows={requests} />
      <nav aria-label="Pages" className="flex gap-4 text-sm">
        {search.after ? <Link href={hrefWith(search, { after: undefined })} className="text-brand-ink hover:underline">First page</Link> : null}
        {next ? <Link href={hrefWith(search, { after: next })} className="text-brand-ink hover:underline">Next page</Link> : null}
      </nav>
      <AccountSection id="file" title="File a request" description="For a customer who asked by phone, letter or email. They are emailed to confirm we have it.">
        <FileRequestForm action={fileRequestAction} />
      </AccountSection>
    </section>
  );
}
