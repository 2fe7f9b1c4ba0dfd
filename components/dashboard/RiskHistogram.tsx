'use client';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useI18n } from '@/components/i18n/I18nProvider';
import type { HistogramBucket } from '@/lib/dashboard/histogram';
import type { Tier } from '@/lib/scoring/schemas';
import { fmtCompact, fmtCount, fmtPct, TIER_COLOR, TIERS_UP } from './format';
import styles from './dashboard.module.css';

type Row = HistogramBucket & { mid: number };

/**
 * Customers per band of churn probability, stacked by tier, on a true probability axis so the tier thresholds
 * and the simulator's target fall exactly where they are, not on the nearest bar.
 */
export function RiskHistogram({
  buckets,
  thresholds,
  target,
}: {
  buckets: HistogramBucket[];
  thresholds: { high: number; medium: number };
  target: number | null;
}) {
  const { locale, t } = useI18n();
  const data: Row[] = buckets.map((b) => ({ ...b, mid: (b.from + b.to) / 2 }));
  const pct = (v: number) => fmtPct(locale, v);
  return (
    <>
      <div className={styles.chart} style={{ height: 320 }} data-testid="risk-histogram">
        <ResponsiveContainer>
          <BarChart data={data} margin={{ top: 18, right: 12, bottom: 4, left: 0 }} barCategoryGap={1}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e3e7ee" />
            <XAxis
              type="number"
              dataKey="mid"
              domain={[0, 1]}
              ticks={[0, 0.2, 0.4, 0.6, 0.8, 1]}
              tickFormatter={pct}
              tick={{ fontSize: 12 }}
              allowDataOverflow
            />
            <YAxis
              tickFormatter={(v: number) => fmtCompact(locale, v)}
              tick={{ fontSize: 12 }}
              width={44}
              allowDecimals={false}
            />
            <Tooltip content={<BandTooltip />} cursor={{ fill: 'rgba(15, 110, 110, 0.06)' }} />
            {target !== null && (
              <ReferenceArea x1={target} x2={1} fill="#0f6e6e" fillOpacity={0.07} ifOverflow="hidden" />
            )}
            {TIERS_UP.map((tier) => (
              <Bar
                key={tier}
                dataKey={tier}
                name={t(`dashboard.tier.${tier}`)}
                stackId="tiers"
                fill={TIER_COLOR[tier]}
                isAnimationActive={false}
              />
            ))}
            <ReferenceLine
              x={thresholds.medium}
              stroke="#9a5b07"
              strokeDasharray="4 3"
              label={{
                value: t('dashboard.threshold.medium', { value: pct(thresholds.medium) }),
                position: 'insideTopRight',
                fontSize: 11,
                fill: '#9a5b07',
              }}
            />
            <ReferenceLine
              x={thresholds.high}
              stroke="#b42318"
              strokeDasharray="4 3"
              label={{
                value: t('dashboard.threshold.high', { value: pct(thresholds.high) }),
                position: 'insideTopLeft',
                fontSize: 11,
                fill: '#b42318',
              }}
            />
            {target !== null && <ReferenceLine x={target} stroke="#0f6e6e" strokeWidth={2} />}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <ul className={styles.legend}>
        {(['high', 'medium', 'low'] as Tier[]).map((x) => (
          <li key={x}>
            <span className={styles.swatch} style={{ background: TIER_COLOR[x] }} aria-hidden />
            {t(`dashboard.tier.${x}`)}
          </li>
        ))}
        {target !== null && (
          <li>
            <span className={styles.targetKey} aria-hidden />
            {t('dashboard.histogram.target', { value: pct(target) })}
          </li>
        )}
      </ul>
    </>
  );
}

function BandTooltip({ active, payload }: { active?: boolean; payload?: { payload?: Row }[] }) {
  const { locale, t } = useI18n();
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  const total = row.high + row.medium + row.low;
  return (
    <div className={styles.tooltip}>
      <strong>{t('dashboard.histogram.band', { from: fmtPct(locale, row.from), to: fmtPct(locale, row.to) })}</strong>
      <div>
        {total === 1
          ? t('dashboard.histogram.one')
          : t('dashboard.histogram.total', { count: fmtCount(locale, total) })}
      </div>
      {(['high', 'medium', 'low'] as Tier[])
        .filter((x) => row[x] > 0)
        .map((x) => (
          <div key={x}>
            <span className={styles.swatch} style={{ background: TIER_COLOR[x] }} aria-hidden />{' '}
            {t(`dashboard.tier.${x}`)}: {fmtCount(locale, row[x])}
          </div>
        ))}
    </div>
  );
}
