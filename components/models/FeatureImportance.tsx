import { formatNumber, type Locale, type Translate } from '@/lib/i18n';
import type { ModelView } from '@/lib/ml/views';
import styles from './models.module.css';

const TOP = 20;

/** The model's most important features as horizontal bars, each with what the feature measures. */
export function FeatureImportance({
  importance,
  locale,
  t,
}: {
  importance: ModelView['importance'];
  locale: Locale;
  t: Translate;
}) {
  const top = importance.slice(0, TOP);
  const max = Math.max(...top.map((f) => f.importance), 1e-9);
  return (
    <div className="card" style={{ marginBottom: 16 }} data-testid="feature-importance">
      <h2>{t('models.importance.title')}</h2>
      <p className={styles.help}>{t('models.importance.help', { count: top.length })}</p>
      <div className={styles.bars}>
        {top.map((f) => (
          <div key={f.feature} className={styles.bar}>
            <div className={styles.barName}>
              <code>{f.feature}</code>
              {f.description && <small>{f.description}</small>}
            </div>
            <div className={styles.barTrack} aria-hidden>
              <div className={styles.barFill} style={{ width: `${(100 * f.importance) / max}%` }} />
            </div>
            <div className="num" style={{ textAlign: 'right', fontVariantNumeric: 'tabular-nums' }}>
              {formatNumber(locale, 100 * f.importance, 1)} %
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}
