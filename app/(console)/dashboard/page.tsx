import { BarSeriesChart } from '@/components/charts/BarSeriesChart';
import { StatCard } from '@/components/ui/StatCard';
import { requirePage } from '@/lib/auth/session';
import { getDataOverview } from '@/lib/customers/service';
import { formatDate, formatNumber } from '@/lib/i18n';
import { getTranslator } from '@/lib/i18n/server';
import { getWorkspaceById } from '@/lib/workspaces/service';

export default async function DashboardPage() {
  const { ctx } = await requirePage('dashboard.read');
  const { locale, t } = await getTranslator();
  const [o, ws] = await Promise.all([getDataOverview(ctx), getWorkspaceById(ctx.workspaceId)]);
  const n = (v: number) => formatNumber(locale, v);

  return (
    <>
      <div className="page-head">
        <h1>{t('dashboard.title')}</h1>
        <p>
          {o.firstAt
            ? t('dashboard.span', { from: formatDate(locale, o.firstAt), to: formatDate(locale, o.lastAt) })
            : t('dashboard.subtitle')}
        </p>
      </div>
      {o.customers === 0 ? (
        <div className="card empty" data-testid="empty-dashboard">
          <h2>{t('dashboard.empty.title')}</h2>
          <p>{t('dashboard.empty.body', { slug: ctx.workspaceSlug })}</p>
        </div>
      ) : (
        <>
          <div className="grid stats">
            <StatCard label={t('dashboard.customers')} value={n(o.customers)} />
            <StatCard
              label={t('dashboard.churned')}
              value={n(o.churned)}
              sub={t('dashboard.churnRate', { rate: formatNumber(locale, (100 * o.churned) / o.customers, 1) })}
            />
            <StatCard label={t('dashboard.events')} value={n(o.events)} />
            <StatCard label={t('dashboard.transactions')} value={n(o.transactions)} />
            <StatCard
              label={t('dashboard.tickets')}
              value={n(o.tickets)}
              sub={t('dashboard.openTickets', { count: n(o.openTickets) })}
            />
          </div>
          <div className="grid two">
            <div className="card">
              <h2>{t('dashboard.revenue', { currency: ws.currency })}</h2>
              {o.revenue.length ? (
                <BarSeriesChart
                  data={o.revenue}
                  xKey="month"
                  series={[
                    { key: 'revenue', label: t('dashboard.revenue', { currency: ws.currency }), color: '#0f6e6e' },
                  ]}
                  unit={` ${ws.currency}`}
                />
              ) : (
                <p className="empty">{t('dashboard.noTransactions')}</p>
              )}
            </div>
            <div className="card">
              <h2>{t('dashboard.segments')}</h2>
              <BarSeriesChart
                data={o.segments.map((s) => ({
                  segment: s.segment,
                  active: s.customers - s.churned,
                  churned: s.churned,
                }))}
                xKey="segment"
                series={[
                  { key: 'active', label: t('dashboard.active'), color: '#0f6e6e', stack: 's' },
                  { key: 'churned', label: t('dashboard.churned'), color: '#d97757', stack: 's' },
                ]}
              />
            </div>
          </div>
        </>
      )}
      <div className="card">
        <h2>{t('dashboard.next.title')}</h2>
        <ul className="muted" style={{ margin: 0 }}>
          <li>{t('dashboard.next.models')}</li>
          <li>{t('dashboard.next.keys')}</li>
        </ul>
      </div>
    </>
  );
}
