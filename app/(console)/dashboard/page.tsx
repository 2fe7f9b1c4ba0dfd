import { Suspense } from 'react';
import { AtRiskFilters } from '@/components/dashboard/AtRiskFilters';
import { AtRiskTable } from '@/components/dashboard/AtRiskTable';
import { Breakdowns } from '@/components/dashboard/Breakdowns';
import { DashboardEmpty } from '@/components/dashboard/DashboardEmpty';
import { TableLoading } from '@/components/dashboard/DashboardLoading';
import { KpiCards } from '@/components/dashboard/KpiCards';
import { RiskDistribution } from '@/components/dashboard/RiskDistribution';
import { TierTrend } from '@/components/dashboard/TierTrend';
import { TopDrivers } from '@/components/dashboard/TopDrivers';
import { fmtPct } from '@/components/dashboard/format';
import styles from '@/components/dashboard/dashboard.module.css';
import { can } from '@/lib/auth/context';
import { requirePage } from '@/lib/auth/session';
import { getDashboard, listAtRisk } from '@/lib/dashboard/service';
import { atRiskSearch, readAtRiskParams, readCursors } from '@/lib/dashboard/url';
import { isAppError } from '@/lib/errors';
import { formatDate } from '@/lib/i18n';
import { getTranslator } from '@/lib/i18n/server';

export const dynamic = 'force-dynamic';

const PAGE_SIZE = 25;

type Search = Record<string, string | string[] | undefined>;

/** A filter the service refuses (a hand-edited URL, a stale cursor) shows as a notice; anything else is an error. */
const soft = <T,>(p: Promise<T>) => p.catch((err: unknown) => (isAppError(err) ? err : Promise.reject(err)));

const valuesOf = (rows: { value: string | null; total: number }[] | undefined) =>
  (rows ?? [])
    .filter((r) => r.value !== null)
    .sort((a, b) => b.total - a.total)
    .map((r) => r.value!);

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { ctx } = await requirePage('dashboard.read');
  const { locale, t } = await getTranslator();
  const search = await searchParams;
  const d = await getDashboard(ctx, locale);
  const summary = d.summary;

  if (!summary || summary.scored === 0)
    return (
      <>
        <div className="page-head">
          <h1>{t('dashboard.title')}</h1>
          <p>{t('dashboard.subtitleEmpty')}</p>
        </div>
        <DashboardEmpty
          customers={d.customers}
          slug={ctx.workspaceSlug}
          hasChampion={!!d.simulator}
          pending={d.pending}
          can={{
            import: can(ctx, 'imports.write'),
            train: can(ctx, 'models.write'),
            seeModels: can(ctx, 'models.read'),
          }}
          locale={locale}
          t={t}
        />
      </>
    );

  const params = readAtRiskParams(search);
  const cursors = readCursors(search);
  // Started here, awaited inside the Suspense boundary: the charts stream first, the table follows.
  const page = soft(listAtRisk(ctx, { ...params, cursor: cursors.at(-1), limit: PAGE_SIZE }, locale));
  const view = atRiskSearch(params, cursors);
  const filterSearch = atRiskSearch(params);

  return (
    <>
      <div className={styles.headRow}>
        <div className="page-head" style={{ marginBottom: 0 }}>
          <h1>{t('dashboard.title')}</h1>
          <p data-testid="dashboard-subtitle">
            {t('dashboard.subtitle', {
              date: formatDate(locale, d.computedAt, true),
              high: fmtPct(locale, d.thresholds.high),
              medium: fmtPct(locale, d.thresholds.medium),
            })}
          </p>
        </div>
        <a className={`btn ${styles.jump}`} href="#at-risk">
          {t('dashboard.jumpToTable')}
        </a>
      </div>
      <KpiCards summary={summary} weekAgo={d.weekAgo} currency={d.currency} locale={locale} t={t} />
      <RiskDistribution
        histogram={summary.histogram}
        scored={summary.scored}
        thresholds={d.thresholds}
        model={d.simulator}
        canSeeModels={can(ctx, 'models.read')}
      />
      <div className={styles.pair}>
        <TierTrend trend={d.trend} />
        <TopDrivers drivers={summary.drivers} high={summary.tiers.high} locale={locale} t={t} />
      </div>
      <Breakdowns breakdowns={summary.breakdowns} />
      <section className="card" id="at-risk" aria-labelledby="at-risk-title" data-testid="at-risk">
        <div className={styles.cardHead}>
          <h2 id="at-risk-title">{t('dashboard.table.title')}</h2>
          <a
            className="btn small"
            href={`/api/dashboard/export${filterSearch ? `?${filterSearch}` : ''}`}
            title={t('dashboard.table.exportHelp')}
            download
            data-testid="export-csv"
          >
            {t('dashboard.table.export')}
          </a>
        </div>
        <AtRiskFilters
          key={`filters?${filterSearch}`}
          params={params}
          options={{
            segments: valuesOf(summary.breakdowns.segment),
            regions: valuesOf(summary.breakdowns.region),
            tags: summary.tags,
            drivers: d.drivers,
          }}
        />
        {/* Keyed by the view, so a filter change or a page turn shows the loading rows, not the old page. */}
        <Suspense key={`table?${view}`} fallback={<TableLoading />}>
          <AtRiskTable
            page={page}
            params={params}
            cursors={cursors}
            pageSize={PAGE_SIZE}
            currency={d.currency}
            locale={locale}
            t={t}
          />
        </Suspense>
      </section>
    </>
  );
}
