'use client';

import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type ChartSeries = { key: string; label: string; color: string };

const shortDay = (day: string) => new Date(`${day}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/**
 * One chart of per-day numbers. It is decoration for sighted readers: the same numbers are in
 * the table next to it, so the drawing is hidden from assistive technology and not focusable.
 */
export function DailyChart({
  data,
  series,
  kind,
  unit = '',
}: {
  data: ({ day: string } & Record<string, number | string>)[];
  series: ChartSeries[];
  kind: 'bar' | 'line';
  unit?: string;
}) {
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" stroke="currentColor" strokeOpacity={0.15} vertical={false} />
      <XAxis dataKey="day" tickFormatter={shortDay} tick={{ fontSize: 12, fill: 'currentColor' }} stroke="currentColor" strokeOpacity={0.3} minTickGap={16} />
      <YAxis
        allowDecimals={unit === '%'}
        domain={unit === '%' ? [0, 100] : [0, 'auto']}
        tickFormatter={(v: number) => `${v}${unit}`}
        tick={{ fontSize: 12, fill: 'currentColor' }}
        stroke="currentColor"
        strokeOpacity={0.3}
        width={44}
      />
      <Tooltip
        labelFormatter={(day) => shortDay(String(day))}
        formatter={(value) => `${value}${unit}`}
        contentStyle={{ borderRadius: 8, fontSize: 12, color: '#18181b' }}
      />
      <Legend wrapperStyle={{ fontSize: 12 }} />
    </>
  );
  return (
    <div aria-hidden="true" className="h-64 text-zinc-500 dark:text-zinc-400">
      <ResponsiveContainer width="100%" height="100%">
        {kind === 'bar' ? (
          <BarChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            {axes}
            {series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} radius={[3, 3, 0, 0]} isAnimationActive={false} />
            ))}
          </BarChart>
        ) : (
          <LineChart data={data} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            {axes}
            {series.map((s) => (
              <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={s.color} strokeWidth={2} dot={false} isAnimationActive={false} />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}
