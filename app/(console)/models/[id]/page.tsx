import Link from 'next/link';
import { notFound } from 'next/navigation';
import { CandidateTable } from '@/components/models/CandidateTable';
import { ConfusionMatrix } from '@/components/models/ConfusionMatrix';
import { CurveChart, type CurveSeries } from '@/components/models/CurveChart';
import { FeatureImportance } from '@/components/models/FeatureImportance';
import { algorithmName, fmtDays, fmtLift, fmtPct, fmtScore, labelText } from '@/components/models/format';
import { ModelActions } from '@/components/models/ModelActions';
import { STATUS_BADGE } from '@/components/models/ModelsTable';
import styles from '@/components/models/models.module.css';
import { StatCard } from '@/components/ui/StatCard';
import { can } from '@/lib/auth/context';
import { requirePage } from '@/lib/auth/session';
import { isAppError } from '@/lib/errors';
import { formatDate, formatNumber } from '@/lib/i18n';
import { getTranslator } from '@/lib/i18n/server';
import { getModelView, type ModelView } from '@/lib/ml/views';

export const dynamic = 'force-dynamic';

const MODEL = '#0f6e6e';
const BASELINE = '#d97757';
const REFERENCE = '#8a94a6';

async function loadModel(ctx: Parameters<typeof getModelView>[0], id: string): Promise<ModelView> {
  try {
    return await getModelView(ctx, id);
  } catch (err) {
    if (isAppError(err) && err.code === 'not_found') notFound();
    throw err;
  }
}

export default async function ModelPage({ params }: { params: Promise<{ id: string }> }) {
  const { ctx } = await requirePage('models.read');
  const { locale, t } = await getTranslator();
  const model = await loadModel(ctx, (await params).id);
  const set = model.shownSet;
  const m = set ? model.metrics[set] : null;
  const b = set && model.baseline ? model.baseline[set] : null;
  const n = (v: number) => formatNumber(locale, v);
  const vsBaseline = (value: string | null) => (value !== null && b ? t('models.stat.baseline', { value }) : undefined);
  const diagonal = (name: string): CurveSeries => ({
    name,
    color: REFERENCE,
    reference: true,
    points: [
      { x: 0, y: 0 },
      { x: 1, y: 1 },
    ],
  });
  const withBaseline = (own: CurveSeries['points'], base: CurveSeries['points'] | undefined): CurveSeries[] => [
    { name: t('models.chart.model'), color: MODEL, points: own },
    ...(base?.length ? [{ name: t('models.chart.baseline'), color: BASELINE, points: base }] : []),
  ];
  const rate = m?.positive_rate ?? null;

  return (
    <>
      <div className={styles.head}>
        <div>
          <Link href="/models" className="muted">
            {t('models.detail.back')}
          </Link>
          <h1>
            {t('models.detail.title', { algorithm: algorithmName(t, model.algorithm) })}
            <span className={`badge ${STATUS_BADGE[model.status]}`} data-testid="model-status">
              {t(`models.status.${model.status}`)}
            </span>
          </h1>
          <p className="muted" style={{ margin: 0 }}>
            {t('models.detail.trained', {
              date: formatDate(locale, model.trainedAt, true),
              name: model.trainedByName ?? '—',
              version: model.featureSetVersion,
              count: n(model.featureCount),
            })}
          </p>
        </div>
        {can(ctx, 'models.write') && <ModelActions modelId={model.id} isChampion={model.status === 'champion'} />}
      </div>

      {!m ? (
        <div className="card empty">{t('models.detail.noMetrics')}</div>
      ) : (
        <>
          <div className="notice info" data-testid="metric-set">
            {set === 'out_of_time'
              ? t('models.detail.shown.out_of_time', {
                  rows: n(m.rows ?? 0),
                  date: formatDate(locale, model.label.evalAsOf),
                })
              : t('models.detail.shown.cv', { rows: n(m.rows ?? model.trainingRows) })}
          </div>
          <div className="grid stats">
            <StatCard
              label={`${t('models.stat.rocAuc')} (${t(`models.set.${set!}`)})`}
              value={fmtScore(locale, m.roc_auc)}
              sub={vsBaseline(fmtScore(locale, b?.roc_auc))}
            />
            <StatCard
              label={t('models.stat.prAuc')}
              value={fmtScore(locale, m.pr_auc)}
              sub={vsBaseline(fmtScore(locale, b?.pr_auc))}
            />
            <StatCard
              label={t('models.stat.lift')}
              value={fmtLift(locale, m.top_decile_lift)}
              sub={t('models.stat.liftSub')}
            />
            <StatCard
              label={t('models.stat.rows')}
              value={n(model.trainingRows)}
              sub={t('models.stat.churned', {
                rate: formatNumber(locale, (100 * model.trainingPositives) / Math.max(model.trainingRows, 1), 1),
              })}
            />
          </div>

          <div className={styles.charts}>
            <div className="card">
              <h2>{t('models.chart.roc')}</h2>
              <p className={styles.help}>{t('models.chart.rocHelp')}</p>
              <CurveChart
                testId="roc-chart"
                xLabel={t('models.chart.fpr')}
                yLabel={t('models.chart.tpr')}
                series={[...withBaseline(m.roc_curve, b?.roc_curve), diagonal(t('models.chart.chance'))]}
              />
            </div>
            <div className="card">
              <h2>{t('models.chart.pr')}</h2>
              <p className={styles.help}>{t('models.chart.prHelp')}</p>
              <CurveChart
                testId="pr-chart"
                xLabel={t('models.chart.recall')}
                yLabel={t('models.chart.precision')}
                series={[
                  ...withBaseline(m.pr_curve, b?.pr_curve),
                  ...(rate !== null
                    ? [
                        {
                          name: t('models.chart.churnRate', { rate: formatNumber(locale, 100 * rate, 1) }),
                          color: REFERENCE,
                          reference: true,
                          points: [
                            { x: 0, y: rate },
                            { x: 1, y: rate },
                          ],
                        },
                      ]
                    : []),
                ]}
              />
            </div>
            <div className="card">
              <h2>{t('models.chart.calibration')}</h2>
              <p className={styles.help}>{t('models.chart.calibrationHelp')}</p>
              {m.calibration?.length ? (
                <>
                  <CurveChart
                    testId="calibration-chart"
                    xLabel={t('models.chart.predicted')}
                    yLabel={t('models.chart.observed')}
                    series={[
                      {
                        name: t('models.chart.model'),
                        color: MODEL,
                        dots: true,
                        points: m.calibration.flatMap((c) =>
                          c.mean_predicted === null || c.observed_rate === null
                            ? []
                            : [{ x: c.mean_predicted, y: c.observed_rate }],
                        ),
                      },
                      diagonal(t('models.chart.perfect')),
                    ]}
                  />
                  <p className={styles.hint} style={{ margin: 0 }}>
                    {t('models.chart.binCounts', {
                      counts: m.calibration
                        .map((c) => `${fmtPct(locale, c.lower, 0)}–${fmtPct(locale, c.upper, 0)}: ${n(c.count)}`)
                        .join(' · '),
                    })}
                  </p>
                </>
              ) : (
                <p className="muted">{t('models.chart.noData')}</p>
              )}
            </div>
          </div>

          <div className="card" style={{ marginBottom: 16 }}>
            <h2>{t('models.confusion.title')}</h2>
            <p className={styles.help}>{t('models.confusion.help')}</p>
            {m.confusion ? (
              <ConfusionMatrix confusion={m.confusion} locale={locale} t={t} />
            ) : (
              <p className="muted">{t('models.chart.noData')}</p>
            )}
          </div>
        </>
      )}

      {model.importance.length > 0 && <FeatureImportance importance={model.importance} locale={locale} t={t} />}
      <CandidateTable model={model} locale={locale} t={t} />

      <div className="card" style={{ marginBottom: 16 }}>
        <h2>{t('models.info.title')}</h2>
        <dl className={styles.facts}>
          <dt>{t('models.info.label')}</dt>
          <dd>{labelText(t, model.label)}</dd>
          <dt>{t('models.info.asOf')}</dt>
          <dd>{fmtDays(locale, model.label.asOf) || '—'}</dd>
          <dt>{t('models.info.evalAsOf')}</dt>
          <dd>{model.label.evalAsOf ? formatDate(locale, model.label.evalAsOf) : t('models.info.none')}</dd>
          <dt>{t('models.info.selection')}</dt>
          <dd>{model.label.selection ? t(`models.info.selection.${model.label.selection}`) : '—'}</dd>
          <dt>{t('models.info.rows')}</dt>
          <dd>
            {n(model.trainingRows)} ({fmtPct(locale, model.trainingPositives / Math.max(model.trainingRows, 1))})
          </dd>
          <dt>{t('models.info.params')}</dt>
          <dd className="mono" style={{ fontSize: 12 }}>
            {Object.entries(model.params)
              .map(
                ([k, v]) =>
                  `${k} = ${typeof v === 'number' ? formatNumber(locale, v, Number.isInteger(v) ? 0 : 3) : typeof v === 'string' ? v : JSON.stringify(v)}`,
              )
              .join(' · ')}
          </dd>
        </dl>
      </div>
    </>
  );
}
