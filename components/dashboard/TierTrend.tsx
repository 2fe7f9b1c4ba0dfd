'use client';
import { Area, AreaChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useI18n } from '@/components/i18n/I18nProvider';
import type { Tier } from '@/lib/scoring/schemas';
import { fmtCount, fmtDay, fmtDelta, TIER_COLOR } from './format';
import styles from './dashboard.module.css';

type Day = { day: string } & Record<Tier, number>;

// Room above and below the line, so a flat week does not sit on the card's edge.
const pad = (data: Day[], tier: Tier) => {
  const values = data.map((d) => d[tier]);
  return Math.max(1, (Math.max(...values) - Math.min(...values)) * 0.15);
};

/**
 * Tier counts per scoring day as one small chart per tier, each on its own scale: the high tier is a few
 * hundred customers beside tens of thousands of low ones, and on a shared axis its movement would vanish.
 */
export function TierTrend({ trend }: { trend: Day[] }) {
  const { locale, t } = useI18n();
  const data = trend.map((d) => ({ ...d, at: Date.parse(`${d.day}T00:00:00Z`) }));
  const first = data[0];
  const last = data[data.length - 1];
  return (
    <div className="card" data-testid="tier-trend">
      <h2>{t('dashboard.trend.title')}</h2>
      <p className={styles.help}>{t('dashboard.trend.help')}</p>
      {data.length < 2 && <p className="muted">{t('dashboard.trend.single')}</p>}
      <div className={styles.trendRows}>
        {(['high', 'medium', 'low'] as const).map((tier, i) => (
          <div className={styles.trendRow} key={tier}>
            <div className={styles.trendHead}>
              <div className={styles.kpiLabel}>
                <span className={styles.swatch} style={{ background: TIER_COLOR[tier] }} aria-hidden />
                {t(`dashboard.tier.${tier}`)}
              </div>
              <div className={styles.trendValue}>{last ? fmtCount(locale, last[tier]) : '—'}</div>
              {first && last && first !== last && (
                <div className={styles.kpiSub}>
                  {t('dashboard.trend.since', {
                    delta: fmtDelta(locale, last[tier] - first[tier]),
                    date: fmtDay(locale, first.day),
                  })}
                </div>
              )}
            </div>
            <div style={{ height: i === 2 ? 100 : 80 }}>
              {data.length > 1 && (
                <ResponsiveContainer>
                  <AreaChart data={data} margin={{ top: 6, right: 8, bottom: 0, left: 0 }} syncId="tier-trend">
                    <XAxis
                      dataKey="at"
                      type="number"
                      scale="time"
                      domain={['dataMin', 'dataMax']}
                      tickFormatter={(v: number) => fmtDay(locale, v)}
                      tick={{ fontSize: 11 }}
                      hide={i < 2}
                      height={20}
                      minTickGap={24}
                    />
                    <YAxis
                      hide
                      domain={[(lo: number) => Math.max(0, lo - pad(data, tier)), (hi: number) => hi + pad(data, tier)]}
                    />
                    <Tooltip
                      labelFormatter={(v) => fmtDay(locale, Number(v))}
                      formatter={(v) => [fmtCount(locale, Number(v)), t(`dashboard.tier.${tier}`)]}
                    />
                    <Area
                      type="monotone"
                      dataKey={tier}
                      stroke={TIER_COLOR[tier]}
                      strokeWidth={2}
                      fill={TIER_COLOR[tier]}
                      fillOpacity={0.12}
                      dot={data.length <= 20 ? { r: 2.5, fill: TIER_COLOR[tier] } : false}
                      isAnimationActive={false}
                      baseValue="dataMin"
                    />
                  </AreaChart>
                </ResponsiveContainer>
              )}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
