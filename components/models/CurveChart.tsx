'use client';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import styles from './models.module.css';

export type CurvePoint = { x: number; y: number };
export type CurveSeries = {
  name: string;
  color: string;
  points: CurvePoint[];
  /** A reference line (chance, positive rate, perfect calibration): dashed, thin, no dots. */
  reference?: boolean;
  dots?: boolean;
};

const pct = (v: number) => `${Math.round(100 * v)} %`;

/**
 * Curves on a unit square with both axes as percentages: ROC, precision-recall and calibration. Each series
 * keeps its own points, so a 100-point model curve and a 2-point reference line share one chart. No tooltip:
 * recharts matches series by point index, which pairs unrelated points of curves sampled at different x.
 */
export function CurveChart({
  series,
  xLabel,
  yLabel,
  height = 300,
  testId,
}: {
  series: CurveSeries[];
  xLabel: string;
  yLabel: string;
  height?: number;
  testId?: string;
}) {
  return (
    <div data-testid={testId}>
      {/* An HTML legend wraps cleanly above the plot, where the SVG one would overlap it in a narrow card. */}
      <ul className={styles.legend}>
        {series.map((s) => (
          <li key={s.name}>
            <svg width="20" height="8" aria-hidden>
              <line
                x1="0"
                y1="4"
                x2="20"
                y2="4"
                stroke={s.color}
                strokeWidth={s.reference ? 1.5 : 2.5}
                strokeDasharray={s.reference ? '4 3' : undefined}
              />
            </svg>
            {s.name}
          </li>
        ))}
      </ul>
      <div style={{ width: '100%', height }}>
        <ResponsiveContainer>
          <LineChart margin={{ top: 8, right: 16, bottom: 24, left: 12 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e3e7ee" />
            <XAxis
              type="number"
              dataKey="x"
              domain={[0, 1]}
              ticks={[0, 0.25, 0.5, 0.75, 1]}
              tickFormatter={pct}
              tick={{ fontSize: 12 }}
              label={{ value: xLabel, position: 'insideBottom', offset: -14, fontSize: 12, fill: '#5b6678' }}
            />
            <YAxis
              type="number"
              dataKey="y"
              domain={[0, 1]}
              ticks={[0, 0.25, 0.5, 0.75, 1]}
              tickFormatter={pct}
              tick={{ fontSize: 12 }}
              width={66}
              label={{
                value: yLabel,
                angle: -90,
                position: 'insideLeft',
                offset: 0,
                fontSize: 12,
                fill: '#5b6678',
                style: { textAnchor: 'middle' },
              }}
            />
            {series.map((s) => (
              <Line
                key={s.name}
                data={s.points}
                dataKey="y"
                name={s.name}
                type="linear"
                stroke={s.color}
                strokeWidth={s.reference ? 1 : 2}
                strokeDasharray={s.reference ? '5 4' : undefined}
                dot={s.dots ? { r: 3, fill: s.color } : false}
                activeDot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
