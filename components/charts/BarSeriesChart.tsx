'use client';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

type Series = { key: string; label: string; color: string; stack?: string };

/** A bar chart over labelled rows; `unit` is appended to axis ticks and tooltip values. */
export function BarSeriesChart({
  data,
  xKey,
  series,
  unit = '',
  height = 260,
}: {
  data: Record<string, string | number>[];
  xKey: string;
  series: Series[];
  unit?: string;
  height?: number;
}) {
  const fmt = (v: number) =>
    `${new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 }).format(v)}${unit}`;
  return (
    <div style={{ width: '100%', height }}>
      <ResponsiveContainer>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e7ee" />
          <XAxis dataKey={xKey} tick={{ fontSize: 12 }} />
          <YAxis tickFormatter={fmt} tick={{ fontSize: 12 }} width={60} allowDecimals={false} />
          <Tooltip
            formatter={(v) =>
              typeof v === 'number' ? `${new Intl.NumberFormat().format(Math.round(v))}${unit}` : String(v)
            }
          />
          {series.length > 1 && <Legend />}
          {series.map((s) => (
            <Bar
              key={s.key}
              dataKey={s.key}
              name={s.label}
              fill={s.color}
              stackId={s.stack}
              radius={s.stack ? 0 : [3, 3, 0, 0]}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
