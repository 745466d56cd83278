import Link from 'next/link';
import type { DirectoryColumn } from '@/lib/validation/directory';

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

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC' : '—');

const COLUMNS: Record<DirectoryColumn, { header: string; sort?: 'created' | 'last_sign_in' | 'email'; cell: (u: DirectoryTableRow) => React.ReactNode }> = {
  email: { header: 'Email', sort: 'email', cell: (u) => <Link href={`/admin/users/${u.id}`} className="text-brand-ink underline-offset-4 hover:underline">{u.email}</Link> },
  name: { header: 'Name', cell: (u) => u.name ?? '—' },
  status: { header: 'Status', cell: (u) => u.status.replace('_', ' ') },
  verified: { header: 'Email confirmed', cell: (u) => (u.emailVerified ? 'Confirmed' : 'Not confirmed') },
  roles: { header: 'Roles', cell: (u) => u.roles.map((r) => r.name).join(', ') || '—' },
  created: { header: 'Created', sort: 'created', cell: (u) => day(u.createdAt) },
  last_sign_in: { header: 'Last sign-in', sort: 'last_sign_in', cell: (u) => day(u.lastSignInAt) },
};

/**
 * The directory's table: plain, accessible markup rendered on the server.
 * Sorting is a link per sortable header, so every view is a shareable URL.
 */
export function UserDirectoryTable({
  rows,
  columns,
  sort,
  dir,
  sortHref,
}: {
  rows: DirectoryTableRow[];
  columns: DirectoryColumn[];
  sort: string;
  dir: 'asc' | 'desc';
  sortHref: (sort: string, dir: 'asc' | 'desc') => string;
}) {
  return (
    <div className="overflow-x-auto rounded-2xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <table className="w-full text-left text-sm">
        <caption className="p-4 text-left font-semibold">Users matching the filters</caption>
        <thead className="border-t border-zinc-200 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <tr>
            {columns.map((key) => {
              const column = COLUMNS[key];
              const active = column.sort === sort;
              return (
                <th key={key} scope="col" className="px-4 py-2 font-medium" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                  {column.sort ? (
                    <Link href={sortHref(column.sort, active && dir === 'desc' ? 'asc' : 'desc')} className="hover:underline">
                      {column.header}
                      {active ? (dir === 'asc' ? ' ↑' : ' ↓') : ''}
                    </Link>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-4 py-6 text-center text-zinc-500">
                No users match these filters.
              </td>
            </tr>
          ) : (
            rows.map((u) => (
              <tr key={u.id} className="border-t border-zinc-100 dark:border-zinc-800">
                {columns.map((key) => (
                  <td key={key} className="px-4 py-2">
                    {COLUMNS[key].cell(u)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
