'use client';

import { useOptimistic } from 'react';
import { createColumnHelper, getCoreRowModel, useReactTable, type SortingState, type Updater } from '@tanstack/react-table';
import { DataTable } from '@/components/ui/data-table';
import { DateTime } from '@/components/ui/date-time';
import { useSearchParamsNavigation } from '@/components/ui/use-search-params-navigation';
import type { AuditOrder } from '@/lib/validation/audit';

export type AuditTableRow = {
  id: string;
  occurredAt: Date;
  action: string;
  result: string;
  actorType: string;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  ipAddress: string | null;
  details: string | null;
};

const mono = 'px-4 py-2 break-all font-mono text-xs';
const withId = (kind: string, id: string | null) => (
  <>
    {kind}
    {id ? <span className="block font-mono text-xs text-zinc-500">{id}</span> : null}
  </>
);

const column = createColumnHelper<AuditTableRow>();
const COLUMNS = [
  column.accessor('occurredAt', { id: 'time', header: 'Time', cell: (c) => <DateTime value={c.getValue()} />, meta: { cellClass: 'whitespace-nowrap px-4 py-2' } }),
  column.accessor('action', { header: 'Action', enableSorting: false, meta: { cellClass: 'px-4 py-2 font-mono text-xs' } }),
  column.accessor('result', { header: 'Result', enableSorting: false }),
  column.accessor('actorType', { header: 'Actor', enableSorting: false, cell: (c) => withId(c.getValue(), c.row.original.actorId), meta: { cellClass: 'px-4 py-2 break-all' } }),
  column.accessor('targetType', { header: 'Target', enableSorting: false, cell: (c) => withId(c.getValue() ?? '—', c.row.original.targetId), meta: { cellClass: 'px-4 py-2 break-all' } }),
  column.accessor('ipAddress', { header: 'IP address', enableSorting: false, cell: (c) => c.getValue() ?? '—' }),
  column.accessor('details', { header: 'Details', enableSorting: false, cell: (c) => c.getValue() ?? '—', meta: { cellClass: mono } }),
];

/**
 * The audit log's table. The server filters and pages by keyset over (occurredAt, id); the one
 * sortable column, Time, flips the order through the URL (?order=oldest) and starts from page one.
 */
export function AuditLogTable({ rows, order }: { rows: AuditTableRow[]; order: AuditOrder }) {
  const { navigate, pending } = useSearchParamsNavigation();
  const [sorting, setSorting] = useOptimistic<SortingState>([{ id: 'time', desc: order === 'newest' }]);
  const table = useReactTable({
    data: rows,
    columns: COLUMNS,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    enableSortingRemoval: false,
    state: { sorting },
    onSortingChange: (updater: Updater<SortingState>) => {
      const [next] = typeof updater === 'function' ? updater(sorting) : updater;
      navigate({ order: next?.desc === false ? 'oldest' : undefined, before: undefined, after: undefined }, () => setSorting(next ? [next] : []));
    },
  });
  return <DataTable table={table} caption={order === 'oldest' ? 'Events, oldest first' : 'Events, newest first'} empty="No events match these filters." busy={pending} />;
}
