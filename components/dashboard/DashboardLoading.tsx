'use client';
import { useI18n } from '@/components/i18n/I18nProvider';
import styles from './dashboard.module.css';

/** The page's shape while the server gathers the figures: the title, then grey cards where each part will be. */
export function DashboardLoading() {
  const { t } = useI18n();
  return (
    <div aria-busy="true" data-testid="dashboard-loading">
      <div className="page-head">
        <h1>{t('dashboard.title')}</h1>
        <p role="status">{t('dashboard.loading')}</p>
      </div>
      <div className={styles.kpis}>
        {[0, 1, 2, 3, 4].map((i) => (
          <div key={i} className={`card ${styles.skeleton}`} style={{ height: 118 }} />
        ))}
      </div>
      <div className={styles.distribution}>
        <div className={`card ${styles.skeleton}`} style={{ height: 340 }} />
        <div className={`card ${styles.skeleton}`} style={{ height: 340 }} />
      </div>
      <TableLoading />
    </div>
  );
}

/** The at-risk table while a filter change or a page turn loads. */
export function TableLoading() {
  const { t } = useI18n();
  return (
    <div aria-busy="true" data-testid="table-loading">
      <p className="muted" role="status">
        {t('dashboard.table.loading')}
      </p>
      {[0, 1, 2, 3, 4, 5].map((i) => (
        <div key={i} className={`${styles.skeleton} ${styles.skeletonRow}`} />
      ))}
    </div>
  );
}
