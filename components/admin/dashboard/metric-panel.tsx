import type { ReactNode } from 'react';
import { DailyChart, type ChartSeries } from './daily-chart';

type Row = { day: string } & Record<string, number | string>;

/**
 * A dashboard chart with what every reader needs: a heading, the totals in words, and the
 * numbers behind the drawing as a table (folded away, one click to open).
 */
export function MetricPanel({
  title,
  totals,
  rows,
  series,
  kind,
  unit = '',
  alsoInTable = [],
  className = '',
}: {
  title: string;
  totals: ReactNode;
  rows: Row[];
  series: ChartSeries[];
  kind: 'bar' | 'line';
  unit?: string;
  /** Columns only the table shows (counts behind a share, say). */
  alsoInTable?: { key: string; label: string }[];
  className?: string;
}) {
  const columns = [...series.map((s) => ({ key: s.key, label: s.label, unit })), ...alsoInTable.map((c) => ({ ...c, unit: '' }))];
  return (
    <section aria-labelledby={`${slug(title)}-heading`} className={`space-y-3 rounded-2xl border border-zinc-200 bg-white p-5 dark:border-zinc-800 dark:bg-zinc-900 ${className}`}>
      <h2 id={`${slug(title)}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{totals}</p>
      <DailyChart data={rows} series={series} kind={kind} unit={unit} />
      <details className="text-sm">
        <summary className="cursor-pointer text-brand-ink underline-offset-4 hover:underline">Show the numbers</summary>
        <div className="mt-3 max-h-80 overflow-auto">
          <table className="w-full text-left">
            <caption className="sr-only">{title}, per day</caption>
            <thead className="text-zinc-500 dark:text-zinc-400">
              <tr>
                <th scope="col" className="px-3 py-1.5 font-medium">Day (UTC)</th>
                {columns.map((s) => (
                  <th key={s.key} scope="col" className="px-3 py-1.5 text-right font-medium">
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {[...rows].reverse().map((row) => (
                <tr key={row.day} className="border-t border-zinc-100 dark:border-zinc-800">
                  <th scope="row" className="px-3 py-1.5 font-normal tabular-nums">
                    {row.day}
                  </th>
                  {columns.map((s) => (
                    <td key={s.key} className="px-3 py-1.5 text-right tabular-nums">
                      {row[s.key]}
                      {s.unit}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
