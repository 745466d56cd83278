import type { Key, ReactNode } from 'react';

/** Shared with DataTable, so a table looks the same whichever of the two draws it. */
export const tableClasses = {
  card: 'overflow-x-auto rounded-2xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900',
  table: 'w-full text-left text-sm',
  caption: 'p-4 text-left font-semibold',
  // The rule separates a visible caption from the headers; with the caption hidden there is nothing to separate.
  headBelowCaption: 'border-t border-zinc-200 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400',
  head: 'text-zinc-500 dark:text-zinc-400',
  headerCell: 'px-4 py-2 font-medium',
  row: 'border-t border-zinc-100 dark:border-zinc-800',
  cell: 'px-4 py-2',
  emptyCell: 'px-4 py-6 text-center text-zinc-500',
} as const;

export type SimpleColumn = string | { header: string; className?: string };

/**
 * A table of plain rows, for lists the server renders whole (no sorting or paging: that is
 * DataTable's). The caller writes each row's cells, so cell markup and order stay its own.
 *
 * A visible caption gives DataTable's look class for class. A hidden one (the page's heading
 * already names the table) gives the look the list pages had before they shared this: no rule
 * above the headers, and the empty-state row ruled and tinted like the page's other quiet text.
 * `frame="bare"` is for a table inside a panel that already draws the box.
 */
export function SimpleTable<T>({
  caption,
  captionHidden = false,
  columns,
  rows,
  rowKey,
  rowClassName,
  renderRow,
  empty,
  frame = 'card',
  dense = false,
  className = '',
}: {
  caption: ReactNode;
  captionHidden?: boolean;
  columns: readonly SimpleColumn[];
  rows: readonly T[];
  rowKey: (row: T) => Key;
  /** Added to every row's classes; a function for per-row tints. */
  rowClassName?: string | ((row: T) => string);
  /** The row's cells (<td>, or <th scope="row">), in column order. */
  renderRow: (row: T) => ReactNode;
  /** Without it an empty list shows just the headers, as some pages always have. */
  empty?: ReactNode;
  frame?: 'card' | 'bare';
  dense?: boolean;
  /** Added to the scrolling wrapper. */
  className?: string;
}) {
  const wrapper = frame === 'card' ? tableClasses.card : 'overflow-x-auto';
  const headerCell = dense ? 'px-3 py-1.5 font-medium' : tableClasses.headerCell;
  const emptyCell =
    frame === 'bare'
      ? 'py-4 text-zinc-600 dark:text-zinc-400'
      : captionHidden
        ? 'px-4 py-6 text-center text-zinc-600 dark:text-zinc-400'
        : tableClasses.emptyCell;
  return (
    <div className={className ? `${wrapper} ${className}` : wrapper}>
      <table className={tableClasses.table}>
        <caption className={captionHidden ? 'sr-only' : tableClasses.caption}>{caption}</caption>
        <thead className={captionHidden ? tableClasses.head : tableClasses.headBelowCaption}>
          <tr>
            {columns.map((column) => {
              const { header, className: extra } = typeof column === 'string' ? { header: column, className: undefined } : column;
              return (
                <th key={header} scope="col" className={extra ? `${headerCell} ${extra}` : headerCell}>
                  {header}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty ? (
            <tr className={captionHidden ? tableClasses.row : undefined}>
              <td colSpan={columns.length} className={emptyCell}>
                {empty}
              </td>
            </tr>
          ) : null}
          {rows.map((row) => {
            const extra = typeof rowClassName === 'function' ? rowClassName(row) : rowClassName;
            return (
              <tr key={rowKey(row)} className={extra ? `${tableClasses.row} ${extra}` : tableClasses.row}>
                {renderRow(row)}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
