import type { Locale, Translate } from '@/lib/i18n';
import type { Tier } from '@/lib/scoring/schemas';
import { fmtCount, fmtDay, fmtDelta, fmtMoney, fmtPct, TIER_COLOR } from './format';
import styles from './dashboard.module.css';

type Summary = {
  customers: number;
  scored: number;
  tiers: Record<Tier, number>;
  revenueAtRisk: number;
  expectedLoss: number;
};
type WeekAgo = (Record<Tier, number> & { day: string; revenueAtRisk: number }) | null;

/**
 * The headline figures: customers, each tier with its change against a week earlier, and the revenue of the
 * high-risk customers. A rise is bad news for the high and medium tiers and revenue at risk, good for low.
 */
export function KpiCards({
  summary,
  weekAgo,
  currency,
  locale,
  t,
}: {
  summary: Summary;
  weekAgo: WeekAgo;
  currency: string;
  locale: Locale;
  t: Translate;
}) {
  const change = (now: number, before: number | undefined, risingIsBad: boolean, fmt?: (n: number) => string) => {
    if (before === undefined || !weekAgo) return <div className={styles.kpiDelta}>{t('dashboard.kpi.noWeek')}</div>;
    const d = now - before;
    const tone = d === 0 ? '' : d > 0 === risingIsBad ? styles.worse : styles.better;
    return (
      <div className={`${styles.kpiDelta} ${tone}`} data-testid="kpi-delta">
        {t('dashboard.kpi.vsWeek', { delta: fmtDelta(locale, d, fmt), date: fmtDay(locale, weekAgo.day) })}
      </div>
    );
  };
  const tier = (x: Tier) => (
    <div className={`card ${styles.kpi}`} data-testid={`kpi-${x}`} key={x}>
      <div className={styles.kpiLabel}>
        <span className={styles.swatch} style={{ background: TIER_COLOR[x] }} aria-hidden />
        {t(`dashboard.tier.${x}`)}
      </div>
      <div className={styles.kpiValue}>{fmtCount(locale, summary.tiers[x])}</div>
      <div className={styles.kpiSub}>
        {t('dashboard.kpi.share', { pct: fmtPct(locale, summary.scored ? summary.tiers[x] / summary.scored : 0, 1) })}
      </div>
      {change(summary.tiers[x], weekAgo?.[x], x !== 'low')}
    </div>
  );
  return (
    <div className={styles.kpis} data-testid="kpis">
      <div className={`card ${styles.kpi}`} data-testid="kpi-customers">
        <div className={styles.kpiLabel}>{t('dashboard.kpi.customers')}</div>
        <div className={styles.kpiValue}>{fmtCount(locale, summary.customers)}</div>
        <div className={styles.kpiSub}>{t('dashboard.kpi.scored', { count: fmtCount(locale, summary.scored) })}</div>
      </div>
      {(['high', 'medium', 'low'] as const).map(tier)}
      <div className={`card ${styles.kpi}`} data-testid="kpi-revenue">
        <div className={styles.kpiLabel}>{t('dashboard.kpi.revenue')}</div>
        <div className={styles.kpiValue}>{fmtMoney(locale, summary.revenueAtRisk, currency, true)}</div>
        <div
          className={styles.kpiSub}
          title={t('dashboard.kpi.expectedLoss', { value: fmtMoney(locale, summary.expectedLoss, currency) })}
        >
          {t('dashboard.kpi.revenueSub')}
        </div>
        {change(summary.revenueAtRisk, weekAgo?.revenueAtRisk, true, (n) => fmtMoney(locale, n, currency, true))}
      </div>
    </div>
  );
}
