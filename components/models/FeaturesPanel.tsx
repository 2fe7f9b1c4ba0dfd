'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { ProgressBar } from '@/components/ui/ProgressBar';
import { formatDate, formatNumber } from '@/lib/i18n';
import { computeFeaturesAction } from '@/lib/ml/actions';
import type { SnapshotView } from '@/lib/ml/views';
import styles from './models.module.css';

/** "Compute features now" and the newest feature snapshots with their progress. */
export function FeaturesPanel({ snapshots, onStarted }: { snapshots: SnapshotView[]; onStarted: () => void }) {
  const { locale, t } = useI18n();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);

  function compute() {
    start(async () => {
      const res = await computeFeaturesAction();
      if (!res.ok) return setError(res.error.message);
      setError(null);
      onStarted();
    });
  }

  const line = (s: SnapshotView) => {
    const date = formatDate(locale, s.asOf);
    if (s.status === 'queued') return <ProgressBar label={t('models.features.queued', { date })} pct={0} />;
    if (s.status === 'running')
      return <ProgressBar label={t('models.features.running', { date })} pct={100 * s.progress} />;
    if (s.status === 'failed')
      return <div className="notice error">{t('models.features.failed', { date, error: s.error ?? '—' })}</div>;
    return (
      <div className="muted" style={{ fontSize: 13 }}>
        {t('models.features.done', {
          date,
          customers: formatNumber(locale, s.customerCount),
          features: formatNumber(locale, s.featureCount),
          seconds: formatNumber(locale, s.seconds ?? 0, 1),
        })}
      </div>
    );
  };

  return (
    <div className="card" data-testid="features-panel">
      <h2>{t('models.features.title')}</h2>
      <p className={styles.help}>{t('models.features.help')}</p>
      <button className="btn" type="button" onClick={compute} disabled={pending} data-testid="compute-features">
        {pending ? t('common.working') : t('models.features.compute')}
      </button>
      {error && (
        <div className="notice error" role="alert">
          {error}
        </div>
      )}
      <div style={{ marginTop: 12, display: 'grid', gap: 6 }}>
        {snapshots.length === 0 ? (
          <div className="muted">{t('models.features.none')}</div>
        ) : (
          snapshots.slice(0, 3).map((s) => (
            <div key={s.id} data-testid={`snapshot-${s.status}`}>
              {line(s)}
            </div>
          ))
        )}
      </div>
    </div>
  );
}
