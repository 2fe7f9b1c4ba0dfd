import { formatDate, formatNumber, type Locale, type Translate } from '@/lib/i18n';
import { fmtMoney } from './format';
import styles from './customer360.module.css';

export type CustomerTotals = {
  events: number;
  transactions: number;
  revenue: number;
  tickets: number;
  openTickets: number;
  lastEventAt: Date | string | null;
  lastTransactionAt: Date | string | null;
};

/** The customer at a glance: what they spent, when they last bought and showed up, and their support load. */
export function CustomerStats({
  totals,
  currency,
  locale,
  t,
}: {
  totals: CustomerTotals;
  currency: string;
  locale: Locale;
  t: Translate;
}) {
  const n = (v: number) => formatNumber(locale, v);
  const stats: { key: string; label: string; value: string; sub?: string }[] = [
    {
      key: 'revenue',
      label: t('customer.stats.revenue'),
      value: fmtMoney(locale, totals.revenue, currency),
      sub: t('customer.stats.transactions', { count: n(totals.transactions) }),
    },
    {
      key: 'purchase',
      label: t('customer.stats.lastPurchase'),
      value: totals.lastTransactionAt ? formatDate(locale, totals.lastTransactionAt) : t('customer.stats.never'),
    },
    {
      key: 'activity',
      label: t('customer.stats.lastActivity'),
      value: totals.lastEventAt ? formatDate(locale, totals.lastEventAt) : t('customer.stats.never'),
      sub: t('customer.stats.events', { count: n(totals.events) }),
    },
    {
      key: 'tickets',
      label: t('customer.stats.tickets'),
      value: n(totals.tickets),
      sub: t('customer.stats.openTickets', { count: n(totals.openTickets) }),
    },
  ];
  return (
    <div className={styles.stats} data-testid="customer-stats">
      {stats.map((s) => (
        <div key={s.key} className={`card ${styles.stat}`}>
          <div className={styles.statLabel}>{s.label}</div>
          <div className={styles.statValue} title={s.value}>
            {s.value}
          </div>
          {s.sub && <div className={styles.statSub}>{s.sub}</div>}
        </div>
      ))}
    </div>
  );
}
