'use client';

import Link from 'next/link';
import { useOptimistic } from 'react';
import { createColumnHelper, getCoreRowModel, useReactTable, type SortingState, type Updater, type VisibilityState } from '@tanstack/react-table';
import { DataTable } from '@/components/ui/data-table';
import { useSearchParamsNavigation } from '@/components/ui/use-search-params-navigation';
import { DIRECTORY_COLUMNS, DIRECTORY_SORTS, type DirectoryColumn } from '@/lib/validation/directory';

export type DirectoryTableRow = {
  id: string;
  email: string;
  name: string | null;
  status: string;
  emailVerified: Date | null;
  createdAt: Date;
  lastSignInAt: Date | null;
  roles: { key: string; name: string }[];
};

export const DIRECTORY_COLUMN_LABELS: Record<DirectoryColumn, string> = {
  email: 'Email',
  name: 'Name',
  status: 'Status',
  verified: 'Email confirmed',
  roles: 'Roles',
  created: 'Created',
  last_sign_in: 'Last sign-in',
};

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—');
const sortable = (id: string): id is (typeof DIRECTORY_SORTS)[number] => (DIRECTORY_SORTS as readonly string[]).includes(id);

const column = createColumnHelper<DirectoryTableRow>();
// Column ids are the URL's names (?cols=, ?sort=), so the table's state maps onto the URL one to one.
const COLUMNS = [
  column.accessor('email', {
    id: 'email',
    header: DIRECTORY_COLUMN_LABELS.email,
    cell: (c) => (
      <Link href={`/admin/users/${c.row.original.id}`} className="text-brand-ink underline-offset-4 hover:underline">
        {c.getValue()}
      </Link>
    ),
  }),
  column.accessor('name', { id: 'name', header: DIRECTORY_COLUMN_LABELS.name, enableSorting: false, cell: (c) => c.getValue() ?? '—' }),
  column.accessor('status', { id: 'status', header: DIRECTORY_COLUMN_LABELS.status, enableSorting: false, cell: (c) => c.getValue().replace('_', ' ') }),
  column.accessor('emailVerified', { id: 'verified', header: DIRECTORY_COLUMN_LABELS.verified, enableSorting: false, cell: (c) => (c.getValue() ? 'Confirmed' : 'Not confirmed') }),
  column.accessor('roles', { id: 'roles', header: DIRECTORY_COLUMN_LABELS.roles, enableSorting: false, cell: (c) => c.getValue().map((r) => r.name).join(', ') || '—' }),
  column.accessor('createdAt', { id: 'created', header: DIRECTORY_COLUMN_LABELS.created, cell: (c) => day(c.getValue()) }),
  column.accessor('lastSignInAt', { id: 'last_sign_in', header: DIRECTORY_COLUMN_LABELS.last_sign_in, cell: (c) => day(c.getValue()) }),
];

const apply = <T,>(updater: Updater<T>, old: T) => (typeof updater === 'function' ? (updater as (old: T) => T)(old) : updater);

/**
 * The directory's table. The server sorts, filters and pages (keyset); this only turns header
 * clicks and column toggles into URL changes, so every view is a link someone can share.
 */
export function UserDirectoryTable({ rows, columns, sort, dir }: { rows: DirectoryTableRow[]; columns: DirectoryColumn[]; sort: string; dir: 'asc' | 'desc' }) {
  const { navigate, pending } = useSearchParamsNavigation();
  // Shown at once, while the server renders the new view; the URL's values again once it has.
  const [sorting, setSorting] = useOptimistic<SortingState>([{ id: sort, desc: dir === 'desc' }]);
  const [shown, setShown] = useOptimistic(columns);
  const columnVisibility: VisibilityState = Object.fromEntries(DIRECTORY_COLUMNS.map((c) => [c, shown.includes(c)]));
  const table = useReactTable({
    data: rows,
    columns: COLUMNS,
    getRowId: (row) => row.id,
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    sortDescFirst: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    state: { sorting, columnVisibility },
    onSortingChange: (updater) => {
      const [next] = apply(updater, sorting);
      // A new order starts from the first page: a cursor only means something in the order it came from.
      if (next && sortable(next.id)) navigate({ sort: next.id, dir: next.desc ? 'desc' : 'asc', after: undefined }, () => setSorting([next]));
    },
    onColumnVisibilityChange: (updater) => {
      const next = apply(updater, columnVisibility);
      const wanted = DIRECTORY_COLUMNS.filter((c) => next[c] !== false);
      navigate({ cols: wanted.length === DIRECTORY_COLUMNS.length ? undefined : wanted.join(',') }, () => setShown(wanted));
    },
  });
  return (
    <div className="space-y-3">
      <fieldset className="rounded-2xl border border-zinc-200 bg-white px-5 py-3 dark:border-zinc-800 dark:bg-zinc-900">
        <legend className="px-1 text-sm font-medium text-zinc-800 dark:text-zinc-200">Columns shown</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2 text-sm">
          {table.getAllLeafColumns().map((c) => (
            <label key={c.id} className="flex items-center gap-2">
              <input
                type="checkbox"
                checked={c.getIsVisible()}
                // The last visible column stays: an empty table would mean nothing.
                disabled={c.getIsVisible() && shown.length === 1}
                onChange={c.getToggleVisibilityHandler()}
              />
              {DIRECTORY_COLUMN_LABELS[c.id as DirectoryColumn]}
            </label>
          ))}
        </div>
      </fieldset>
      <DataTable table={table} caption="Users matching the filters" empty="No users match these filters." busy={pending} />
    </div>
  );
}
