'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '@/components/i18n/I18nProvider';
import { DIMENSIONS, type Breakdown, type Dimension } from '@/lib/dashboard/schemas';
import { atRiskHref } from '@/lib/dashboard/url';
import type { Tier } from '@/lib/scoring/schemas';
import { fmtCount, fmtPct, TIER_COLOR } from './format';
import styles from './dashboard.module.css';

const SHOWN = 10;
// The at-risk table filters by these two; the other fields are not columns it can filter on.
const FILTERABLE: Partial<Record<Dimension, 'segment' | 'region'>> = { segment: 'segment', region: 'region' };

type Row = Breakdown & { label: string; highShare: number; mediumShare: number; atRisk: number };

/**
 * Per value of one profile field (tabs switch the field), the share of customers at high and medium risk, for
 * the largest groups, riskiest first. Low risk is left out of the bars: beside it the shares that matter would
 * be slivers (the tooltip has every count). A segment or region bar opens the table filtered to it.
 */
export function Breakdowns({ breakdowns }: { breakdowns: Record<string, Breakdown[]> }) {
  const { locale, t } = useI18n();
  const router = useRouter();
  const [dim, setDim] = useState<Dimension>('segment');
  const all = breakdowns[dim] ?? [];
  const known = all.filter((b) => b.value !== null || all.length === 1);
  const rows: Row[] = [...all]
    .sort((a, b) => b.total - a.total)
    .slice(0, SHOWN)
    .sort((a, b) => b.high / b.total - a.high / a.total || b.medium / b.total - a.medium / a.total)
    .map((b) => {
      const share = (n: number) => (b.total ? n / b.total : 0);
      return {
        ...b,
        label: b.value ?? t('dashboard.breakdown.unknown'),
        highShare: share(b.high),
        mediumShare: share(b.medium),
        atRisk: share(b.high + b.medium),
      };
    });
  // A round ceiling a little above the riskiest group, so its label fits and small shares stay readable.
  const highest = Math.max(0, ...rows.map((r) => r.atRisk)) * 1.15;
  const step = highest <= 0.1 ? 0.02 : highest <= 0.4 ? 0.05 : 0.1;
  const top = Math.min(1, Math.max(step, Math.ceil(highest / step - 1e-9) * step));
  const ticks = Array.from({ length: Math.round(top / step) + 1 }, (_, i) => Math.round(i * step * 100) / 100);
  const filter = FILTERABLE[dim];
  const open = (row: Row | undefined) => {
    if (filter && row && row.value !== null) router.push(atRiskHref({ [filter]: row.value }));
  };
  const height = Math.max(120, rows.length * 34 + 40);
  return (
    <div className="card" data-testid="breakdowns">
      <div className={styles.cardHead}>
        <h2>{t('dashboard.breakdown.title')}</h2>
        <div className={styles.segmented} role="tablist" aria-label={t('dashboard.breakdown.dimensions')}>
          {DIMENSIONS.map((d) => (
            <button
              key={d}
              type="button"
              role="tab"
              aria-selected={d === dim}
              className={d === dim ? styles.segmentedOn : undefined}
              onClick={() => setDim(d)}
              data-dimension={d}
            >
              {t(`dashboard.dim.${d}`)}
            </button>
          ))}
        </div>
      </div>
      <p className={styles.help}>{t(filter ? 'dashboard.breakdown.helpFilter' : 'dashboard.breakdown.help')}</p>
      {known.length === 0 ? (
        <p className="muted">{t('dashboard.breakdown.empty')}</p>
      ) : (
        <div style={{ height }} className={styles.chart} role="tabpanel" data-testid={`breakdown-${dim}`}>
          <ResponsiveContainer>
            <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 4, left: 4 }}>
              <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e3e7ee" />
              <XAxis
                type="number"
                domain={[0, top]}
                ticks={ticks}
                tickFormatter={(v: number) => fmtPct(locale, v)}
                tick={{ fontSize: 12 }}
                allowDataOverflow
              />
              <YAxis type="category" dataKey="label" width={120} tick={{ fontSize: 12 }} interval={0} />
              <Tooltip content={<GroupTooltip />} cursor={{ fill: 'rgba(15, 110, 110, 0.06)' }} />
              {(['high', 'medium'] as const).map((tier) => (
                <Bar
                  key={tier}
                  dataKey={`${tier}Share`}
                  stackId="risk"
                  fill={TIER_COLOR[tier]}
                  isAnimationActive={false}
                  cursor={filter ? 'pointer' : undefined}
                  onClick={(d: { payload?: Row }) => open(d.payload)}
                >
                  {tier === 'medium' && (
                    <LabelList
                      dataKey="atRisk"
                      position="right"
                      fontSize={12}
                      fill="#5b6678"
                      formatter={(v) => fmtPct(locale, Number(v), 1)}
                    />
                  )}
                </Bar>
              ))}
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
      {all.length > SHOWN && (
        <p className={styles.help}>
          {t('dashboard.breakdown.more', { shown: SHOWN, count: fmtCount(locale, all.length) })}
        </p>
      )}
    </div>
  );
}

function GroupTooltip({ active, payload }: { active?: boolean; payload?: { payload?: Row }[] }) {
  const { locale, t } = useI18n();
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div className={styles.tooltip}>
      <strong>{row.label}</strong>
      <div>{t('dashboard.breakdown.customers', { count: fmtCount(locale, row.total) })}</div>
      {(['high', 'medium', 'low'] as Tier[]).map((x) => (
        <div key={x}>
          <span className={styles.swatch} style={{ background: TIER_COLOR[x] }} aria-hidden />{' '}
          {t(`dashboard.tier.${x}`)}: {fmtCount(locale, row[x])} (
          {fmtPct(locale, row.total ? row[x] / row.total : 0, 1)})
        </div>
      ))}
    </div>
  );
}
