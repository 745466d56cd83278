'use client';

import { flexRender, type Table } from '@tanstack/react-table';
import { tableClasses } from './simple-table';

const ARIA_SORT = { asc: 'ascending', desc: 'descending' } as const;

/**
 * Renders a @tanstack/react-table instance as an accessible table: a caption, sortable headers
 * as buttons (the order is announced through aria-sort on the header cell), and a row saying
 * so when there is nothing to show. Sorting, filtering and paging are the server's (manual*).
 */
export function DataTable<T>({ table, caption, empty, busy = false }: { table: Table<T>; caption: string; empty: string; busy?: boolean }) {
  const rows = table.getRowModel().rows;
  return (
    <div className={tableClasses.card}>
      <table className={`${tableClasses.table} transition-opacity ${busy ? 'opacity-60' : ''}`} aria-busy={busy || undefined}>
        <caption className={tableClasses.caption}>{caption}</caption>
        <thead className={tableClasses.headBelowCaption}>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                const label = flexRender(header.column.columnDef.header, header.getContext());
                return (
                  <th key={header.id} scope="col" className={tableClasses.headerCell} aria-sort={sorted ? ARIA_SORT[sorted] : header.column.getCanSort() ? 'none' : undefined}>
                    {header.column.getCanSort() ? (
                      <button type="button" onClick={header.column.getToggleSortingHandler()} className="inline-flex items-center gap-1 rounded hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
                        {label}
                        <span aria-hidden="true" className="w-3 text-xs">
                          {sorted === 'asc' ? '↑' : sorted === 'desc' ? '↓' : '↕'}
                        </span>
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={table.getVisibleLeafColumns().length} className={tableClasses.emptyCell}>
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.id} className={`${tableClasses.row} align-top`}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={(cell.column.columnDef.meta as { cellClass?: string } | undefined)?.cellClass ?? tableClasses.cell}>
                    {flexRender(cell.column.columnDef.cell, cell.getContext())}
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
