import Link from 'next/link';
import { formatDate, formatNumber, type Locale, type Translate } from '@/lib/i18n';
import type { ModelSummaryView } from '@/lib/ml/views';
import { algorithmName, fmtDays, fmtPct, fmtScore, labelText } from './format';

export const STATUS_BADGE = { candidate: 'brand', champion: 'ok', retired: '' } as const;

/** Every registered model, newest first. */
export function ModelsTable({ models, locale, t }: { models: ModelSummaryView[]; locale: Locale; t: Translate }) {
  return (
    <div className="card table-wrap" style={{ marginBottom: 16 }}>
      <h2>{t('models.table.title')}</h2>
      <table className="nowrap" data-testid="models-table">
        <thead>
          <tr>
            <th>{t('models.col.model')}</th>
            <th>{t('models.col.status')}</th>
            <th>{t('models.col.label')}</th>
            <th>{t('models.col.dates')}</th>
            <th className="num">{t('models.col.rows')}</th>
            <th className="num">{t('models.col.churnRate')}</th>
            <th className="num">{t('models.col.cvAuc')}</th>
            <th className="num">{t('models.col.ootAuc')}</th>
            <th className="num">{t('models.col.baselineAuc')}</th>
            <th>{t('models.col.trained')}</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.id} data-testid={`model-row-${m.id}`}>
              <td className="wrap" style={{ minWidth: 120 }}>
                <Link href={`/models/${m.id}`}>{algorithmName(t, m.algorithm)}</Link>
              </td>
              <td>
                <span className={`badge ${STATUS_BADGE[m.status]}`}>{t(`models.status.${m.status}`)}</span>
              </td>
              <td className="wrap">{labelText(t, m.label)}</td>
              <td className="wrap">
                {fmtDays(locale, m.label.asOf)}
                {m.label.evalAsOf && (
                  <div className="muted">{t('models.dates.eval', { date: formatDate(locale, m.label.evalAsOf) })}</div>
                )}
              </td>
              <td className="num">{formatNumber(locale, m.trainingRows)}</td>
              <td className="num">{fmtPct(locale, m.trainingRows ? m.trainingPositives / m.trainingRows : null)}</td>
              <td className="num">{fmtScore(locale, m.cvRocAuc)}</td>
              <td className="num">{fmtScore(locale, m.ootRocAuc)}</td>
              <td className="num" title={m.shownSet ? t(`models.set.${m.shownSet}`) : undefined}>
                {fmtScore(locale, m.baselineRocAuc)}
              </td>
              <td className="wrap" style={{ minWidth: 130, overflowWrap: 'anywhere' }}>
                {formatDate(locale, m.trainedAt, true)}
                <div className="muted">{m.trainedByName ?? '—'}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
