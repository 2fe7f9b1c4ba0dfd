import Link from 'next/link';
import { formatDate, formatNumber, type Locale, type Translate } from '@/lib/i18n';
import type { ModelSummaryView } from '@/lib/ml/views';
import { algorithmName, fmtScore, labelText } from './format';
import styles from './models.module.css';

/** The workspace's champion at a glance: its headline ROC-AUC (saying which metric set), label and provenance. */
export function ChampionCard({
  champion,
  locale,
  t,
}: {
  champion: ModelSummaryView | null;
  locale: Locale;
  t: Translate;
}) {
  if (!champion)
    return (
      <div className="card" style={{ marginBottom: 16 }} data-testid="champion-card">
        <h2>{t('models.champion.title')}</h2>
        <p className="muted" style={{ margin: 0 }}>
          {t('models.champion.none')}
        </p>
      </div>
    );
  const m = champion;
  const auc = m.shownSet === 'out_of_time' ? m.ootRocAuc : m.cvRocAuc;
  const rate = m.trainingRows ? (100 * m.trainingPositives) / m.trainingRows : 0;
  return (
    <div className="card" style={{ marginBottom: 16 }} data-testid="champion-card">
      <h2>
        {t('models.champion.title')}: {algorithmName(t, m.algorithm)}{' '}
        <span className="badge ok">{t('models.status.champion')}</span>
      </h2>
      <div className={styles.champion}>
        <div>
          <div className={styles.bigNumber}>{fmtScore(locale, auc)}</div>
          <div className="muted">
            {t('models.champion.auc', { set: m.shownSet ? t(`models.set.${m.shownSet}`) : '—' })}
          </div>
          {m.baselineRocAuc !== null && (
            <div className="muted" style={{ fontSize: 12 }}>
              {t('models.champion.baseline', { value: fmtScore(locale, m.baselineRocAuc) })}
            </div>
          )}
        </div>
        <dl className={styles.facts}>
          <dt>{t('models.champion.label')}</dt>
          <dd>{labelText(t, m.label)}</dd>
          <dt>{t('models.champion.trained')}</dt>
          <dd>
            {t('models.champion.trainedBy', {
              date: formatDate(locale, m.trainedAt, true),
              name: m.trainedByName ?? '—',
            })}
            <div className="muted">
              {t('models.champion.rows', {
                rows: formatNumber(locale, m.trainingRows),
                rate: formatNumber(locale, rate, 1),
              })}
            </div>
          </dd>
          <dt />
          <dd>
            <span className="muted">
              {t('models.champion.since', { date: formatDate(locale, m.promotedAt, true) })}
            </span>
            {' · '}
            <Link href={`/models/${m.id}`}>{t('models.champion.open')}</Link>
          </dd>
        </dl>
      </div>
    </div>
  );
}
