import { ChampionCard } from '@/components/models/ChampionCard';
import { ModelsActivity } from '@/components/models/ModelsActivity';
import { ModelsTable } from '@/components/models/ModelsTable';
import { ScoringSection } from '@/components/scoring/ScoringSection';
import { can } from '@/lib/auth/context';
import { requirePage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';
import { listActivity, listModelSummaries } from '@/lib/ml/views';
import { getThresholdsView, listScoreRunViews } from '@/lib/scoring/views';

export const dynamic = 'force-dynamic';

export default async function ModelsPage() {
  const { ctx } = await requirePage('models.read');
  const { locale, t } = await getTranslator();
  const [models, activity, scoring, thresholds] = await Promise.all([
    listModelSummaries(ctx),
    listActivity(ctx),
    listScoreRunViews(ctx),
    getThresholdsView(ctx),
  ]);
  const canWrite = can(ctx, 'models.write');
  const champion = models.find((m) => m.status === 'champion') ?? null;
  const empty = models.length === 0 && activity.runs.length === 0;
  const scoringSection = (
    <ScoringSection scoring={scoring} thresholds={thresholds} canWrite={canWrite} hasChampion={!!champion} />
  );
  return (
    <>
      <div className="page-head">
        <h1>{t('models.title')}</h1>
        <p>{t('models.subtitle')}</p>
      </div>
      {empty ? (
        <div className="card" style={{ marginBottom: 16 }} data-testid="models-empty">
          <h2>{t('models.empty.title')}</h2>
          <p>{t('models.empty.step1')}</p>
          {canWrite ? (
            <>
              <p style={{ marginBottom: 4 }}>{t('models.empty.step2')}</p>
              <pre className="secret" style={{ margin: '0 0 12px' }}>
                npm run churn -- train --workspace {ctx.workspaceSlug} --label inactivity --horizon 90
              </pre>
              <p style={{ marginBottom: 0 }}>{t('models.empty.step3')}</p>
            </>
          ) : (
            <p style={{ marginBottom: 0 }}>{t('models.empty.readOnly')}</p>
          )}
        </div>
      ) : (
        <>
          <ChampionCard champion={champion} locale={locale} t={t} />
          {scoringSection}
          {models.length > 0 && <ModelsTable models={models} locale={locale} t={t} />}
        </>
      )}
      {empty && scoringSection}
      <ModelsActivity initial={activity} canWrite={canWrite} />
    </>
  );
}
