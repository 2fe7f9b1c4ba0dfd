import { formatNumber, type Locale, type Translate } from '@/lib/i18n';
import type { MetricsView } from '@/lib/ml/views';
import { fmtPct } from './format';
import styles from './models.module.css';

const TIERS = ['high', 'medium'] as const;

/** Flagged-vs-churned counts at each risk tier's threshold, with precision and recall. */
export function ConfusionMatrix({
  confusion,
  locale,
  t,
}: {
  confusion: NonNullable<MetricsView['confusion']>;
  locale: Locale;
  t: Translate;
}) {
  const n = (v: number) => formatNumber(locale, v);
  return (
    <div className={styles.matrices}>
      {TIERS.map((tier) => {
        const c = confusion[tier];
        if (!c) return null;
        const cell = (value: number, key: 'tp' | 'fp' | 'fn' | 'tn', good: boolean) => (
          <td className={`${styles.cell} ${good ? styles.good : styles.bad}`} data-testid={`${tier}-${key}`}>
            {n(value)}
            <small>{t(`models.confusion.${key}`)}</small>
          </td>
        );
        return (
          <div key={tier} data-testid={`confusion-${tier}`}>
            <h3 style={{ fontSize: 14, margin: '0 0 8px' }}>
              {t(`models.confusion.tier.${tier}`, { threshold: fmtPct(locale, c.threshold, 0) })}
            </h3>
            <table className={styles.matrix}>
              <thead>
                <tr>
                  <th />
                  <th>{t('models.confusion.churned')}</th>
                  <th>{t('models.confusion.stayed')}</th>
                </tr>
              </thead>
              <tbody>
                <tr>
                  <th>{t('models.confusion.flagged')}</th>
                  {cell(c.tp, 'tp', true)}
                  {cell(c.fp, 'fp', false)}
                </tr>
                <tr>
                  <th>{t('models.confusion.notFlagged')}</th>
                  {cell(c.fn, 'fn', false)}
                  {cell(c.tn, 'tn', true)}
                </tr>
              </tbody>
            </table>
            <div style={{ marginTop: 8 }}>
              <strong>{t('models.confusion.precision', { value: fmtPct(locale, c.precision) })}</strong>
              {' · '}
              <strong>{t('models.confusion.recall', { value: fmtPct(locale, c.recall) })}</strong>
            </div>
          </div>
        );
      })}
    </div>
  );
}
