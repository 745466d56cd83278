'use client';

import { Area, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export type ConsentRatePoint = { day: string; rate: number | null; decided: number; granted: number } & Record<`v${number}`, number>;

const VERSION_COLOURS = ['#94a3b8', '#60a5fa', '#34d399', '#fbbf24', '#f472b6', '#a78bfa'];

/**
 * The grant rate (line, right axis) over the people granting on each version (stacked
 * areas, left axis), day by day. The page shows the same numbers as a table.
 */
export function ConsentRateChart({ points, versions, label }: { points: ConsentRatePoint[]; versions: number[]; label: string }) {
  return (
    <div className="h-72 w-full" role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={points} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#a1a1aa" strokeOpacity={0.3} />
          <XAxis dataKey="day" tick={{ fontSize: 12 }} minTickGap={32} stroke="#71717a" />
          <YAxis yAxisId="people" allowDecimals={false} width={48} tick={{ fontSize: 12 }} stroke="#71717a" label={{ value: 'People granting', angle: -90, position: 'insideLeft', fontSize: 12, fill: '#71717a' }} />
          <YAxis yAxisId="rate" orientation="right" domain={[0, 100]} unit="%" tick={{ fontSize: 12 }} stroke="#71717a" />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {versions.map((version, index) => (
            <Area
              key={version}
              yAxisId="people"
              type="linear"
              dataKey={`v${version}`}
              name={`Granted on version ${version}`}
              stackId="versions"
              stroke={VERSION_COLOURS[index % VERSION_COLOURS.length]}
              fill={VERSION_COLOURS[index % VERSION_COLOURS.length]}
              fillOpacity={0.5}
              isAnimationActive={false}
            />
          ))}
          <Line yAxisId="rate" type="linear" dataKey="rate" name="Grant rate (%)" stroke="#7c3aed" strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
