import type { Locale, Translate } from '@/lib/i18n';
import type { MetricSet, MetricsView, ModelView } from '@/lib/ml/views';
import { algorithmName, fmtLift, fmtScore } from './format';
import styles from './models.module.css';

const COLUMNS = [
  ['models.metric.rocAuc', (m: MetricsView | null, l: Locale) => fmtScore(l, m?.roc_auc)],
  ['models.metric.prAuc', (m: MetricsView | null, l: Locale) => fmtScore(l, m?.pr_auc)],
  ['models.metric.logLoss', (m: MetricsView | null, l: Locale) => fmtScore(l, m?.log_loss)],
  ['models.metric.brier', (m: MetricsView | null, l: Locale) => fmtScore(l, m?.brier)],
  ['models.metric.lift', (m: MetricsView | null, l: Locale) => fmtLift(l, m?.top_decile_lift)],
] as const;

/** Every algorithm the run fitted beside the recency baseline, cross-validated and (when present) out-of-time. */
export function CandidateTable({ model, locale, t }: { model: ModelView; locale: Locale; t: Translate }) {
  const rows = [
    ...model.candidates.map((c) => ({
      key: c.algorithm,
      name: algorithmName(t, c.algorithm),
      metrics: c.metrics,
      chosen: c.algorithm === model.algorithm,
    })),
    ...(model.baseline
      ? [
          {
            key: 'baseline',
            name: `${t('models.candidates.baseline')} (${model.baseline.feature})`,
            metrics: model.baseline,
            chosen: false,
          },
        ]
      : []),
  ];
  const sets: MetricSet[] = rows.some((r) => r.metrics.out_of_time) ? ['cv', 'out_of_time'] : ['cv'];
  return (
    <div className="card table-wrap" style={{ marginBottom: 16 }}>
      <h2>{t('models.candidates.title')}</h2>
      <p className={styles.help}>{t('models.candidates.help')}</p>
      <table className="nowrap" data-testid="candidates-table">
        <thead>
          <tr>
            <th rowSpan={2}>{t('models.candidates.algorithm')}</th>
            {sets.map((s) => (
              <th key={s} colSpan={COLUMNS.length} className={styles.group}>
                {t(`models.set.${s}`)}
              </th>
            ))}
          </tr>
          <tr>
            {sets.map((s) =>
              COLUMNS.map(([key], i) => (
                <th key={`${s}-${key}`} className={`num ${i === 0 ? styles.groupStart : ''}`}>
                  {t(key)}
                </th>
              )),
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.chosen ? styles.chosen : undefined} data-testid={`candidate-${r.key}`}>
              <td>
                {r.name} {r.chosen && <span className="badge ok">{t('models.candidates.chosen')}</span>}
              </td>
              {sets.map((s) =>
                COLUMNS.map(([key, cell], i) => (
                  <td key={`${s}-${key}`} className={`num ${i === 0 ? styles.groupStart : ''}`}>
                    {cell(r.metrics[s], locale)}
                  </td>
                )),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
