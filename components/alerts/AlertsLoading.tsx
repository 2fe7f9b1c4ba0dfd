'use client';
import { useI18n } from '@/components/i18n/I18nProvider';
import styles from './alerts.module.css';

/** What the alerts pages show while the server gathers alerts or settings (a tab switch, a page turn). */
export function AlertsLoading({ title }: { title: 'alerts' | 'settings' }) {
  const { t } = useI18n();
  return (
    <div aria-busy="true" data-testid="alerts-loading">
      <div className="page-head">
        <h1>{t(title === 'alerts' ? 'alerts.title' : 'alertSettings.title')}</h1>
        <p role="status">{t('alerts.loading')}</p>
      </div>
      <div className={styles.list}>
        {[0, 1, 2].map((i) => (
          <div key={i} className={`card ${styles.skeleton}`} />
        ))}
      </div>
    </div>
  );
}
