import Link from 'next/link';
import { atRiskHref } from '@/lib/dashboard/url';
import type { Locale, Translate } from '@/lib/i18n';
import { fmtCount, fmtPct } from './format';
import styles from './dashboard.module.css';

type Driver = { feature: string; customers: number; label: string };

/** The reasons most often behind high risk, as bars of how many high-risk customers each concerns. */
export function TopDrivers({
  drivers,
  high,
  locale,
  t,
}: {
  drivers: Driver[];
  high: number;
  locale: Locale;
  t: Translate;
}) {
  const max = Math.max(1, ...drivers.map((d) => d.customers));
  return (
    <div className="card" data-testid="top-drivers">
      <h2>{t('dashboard.drivers.title')}</h2>
      <p className={styles.help}>{t('dashboard.drivers.help', { count: fmtCount(locale, high) })}</p>
      {drivers.length === 0 ? (
        <p className="muted">{t('dashboard.drivers.empty')}</p>
      ) : (
        <ol className={styles.drivers}>
          {drivers.slice(0, 8).map((d) => (
            <li key={d.feature} className={styles.driver}>
              <div className={styles.driverHead}>
                {/* The table filters by each customer's main reason, the closest list to "customers with this reason". */}
                <Link
                  href={atRiskHref({ tier: ['high'], driver: d.feature })}
                  title={t('dashboard.drivers.show')}
                  data-testid="driver-link"
                >
                  {d.label}
                </Link>
                <span className={styles.driverCount}>
                  {t('dashboard.drivers.count', {
                    count: fmtCount(locale, d.customers),
                    pct: fmtPct(locale, high ? d.customers / high : 0, high && d.customers / high < 0.1 ? 1 : 0),
                  })}
                </span>
              </div>
              <div className={styles.barTrack} aria-hidden>
                <div className={styles.barFill} style={{ width: `${(100 * d.customers) / max}%` }} />
              </div>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
