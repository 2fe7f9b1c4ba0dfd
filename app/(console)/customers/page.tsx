import Link from 'next/link';
import { RevealPii } from '@/components/customers/RevealPii';
import { CustomerLink } from '@/components/customers/CustomerLink';
import { fmtProbability, TIER_BADGE } from '@/components/customers/format';
import { FilterForm } from '@/components/ui/FilterForm';
import { PagedResult } from '@/components/ui/PagedResult';
import { requirePage } from '@/lib/auth/session';
import { canRevealPii, listCustomerFacets, listCustomers } from '@/lib/customers/service';
import { formatDate } from '@/lib/i18n';
import { getTranslator } from '@/lib/i18n/server';
import { isAppError } from '@/lib/errors';

type Search = {
  q?: string;
  segment?: string;
  region?: string;
  tag?: string;
  status?: string;
  tier?: string;
  sort?: string;
  order?: string;
  cursor?: string;
};

export default async function CustomersPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { ctx } = await requirePage('customers.read');
  const { locale, t } = await getTranslator();
  const raw = await searchParams;
  const [sort, order] = (raw.sort ?? 'id:asc').split(':');
  const params: Search = { ...raw, sort, order: order ?? raw.order };
  const [page, facets] = await Promise.all([
    listCustomers(ctx, { ...clean(params), limit: 50 }).catch((err) => (isAppError(err) ? err : Promise.reject(err))),
    listCustomerFacets(ctx),
  ]);
  const canReveal = canRevealPii(ctx);
  const next =
    !isAppError(page) && page.nextCursor
      ? `?${new URLSearchParams({ ...clean({ ...raw }), cursor: page.nextCursor })}`
      : null;

  return (
    <>
      <div className="page-head">
        <h1>{t('customers.title')}</h1>
        <p>{t('customers.subtitle')}</p>
      </div>
      <FilterForm resetHref="/customers" filterLabel={t('common.filter')} resetLabel={t('common.reset')}>
        <label>
          {t('customers.search')}
          <input name="q" defaultValue={params.q} style={{ minWidth: 240 }} />
        </label>
        <label>
          {t('customers.segment')}
          <select name="segment" defaultValue={params.segment ?? ''}>
            <option value="">{t('common.all')}</option>
            {facets.segments.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          {t('customers.region')}
          <select name="region" defaultValue={params.region ?? ''}>
            <option value="">{t('common.all')}</option>
            {facets.regions.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label>
          {t('customers.tag')}
          <input name="tag" defaultValue={params.tag} style={{ width: 140 }} />
        </label>
        <label>
          {t('customers.col.status')}
          <select name="status" defaultValue={params.status ?? ''}>
            <option value="">{t('common.all')}</option>
            <option value="active">{t('customers.status.active')}</option>
            <option value="churned">{t('customers.filter.churned')}</option>
          </select>
        </label>
        <label>
          {t('customers.tier')}
          <select name="tier" defaultValue={params.tier ?? ''} data-testid="customers-tier">
            <option value="">{t('common.all')}</option>
            <option value="high">{t('alerts.tier.high')}</option>
            <option value="medium">{t('alerts.tier.medium')}</option>
            <option value="low">{t('alerts.tier.low')}</option>
          </select>
        </label>
        <label>
          {t('customers.sort')}
          <select
            name="sort"
            defaultValue={`${params.sort ?? 'id'}:${params.order ?? 'asc'}`}
            data-testid="customers-sort"
          >
            <option value="id:asc">{t('customers.sort.oldest')}</option>
            <option value="id:desc">{t('customers.sort.newest')}</option>
            <option value="customer_id:asc">{t('customers.sort.idAsc')}</option>
            <option value="signup_at:desc">{t('customers.sort.signupDesc')}</option>
            <option value="signup_at:asc">{t('customers.sort.signupAsc')}</option>
          </select>
        </label>
      </FilterForm>
      <PagedResult page={page} empty={t('customers.empty')}>
        {(list) => (
          <>
            <table className="nowrap compact" data-testid="customers-table">
              <thead>
                <tr>
                  <th>{t('customers.col.id')}</th>
                  <th>{t('customers.col.name')}</th>
                  <th>{t('customers.col.email')}</th>
                  <th>{t('customers.col.phone')}</th>
                  <th />
                  <th>{t('customers.col.risk')}</th>
                  <th>
                    {t('customers.segment')} · {t('customers.col.plan')}
                  </th>
                  <th>{t('customers.col.tags')}</th>
                  <th>{t('customers.col.signup')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((c) => (
                  <tr key={c.customerId}>
                    {/* The status sits under the id, so the table fits a laptop screen without scrolling sideways. */}
                    <td>
                      {/* The 360 is addressed by the id in the source system, like alert links and the API. */}
                      <span className="mono">
                        <CustomerLink customerId={c.customerId} />
                      </span>
                      <div>
                        {c.churnedAt ? (
                          <span className="badge danger">
                            {t('customers.status.churned', { date: formatDate(locale, c.churnedAt) })}
                          </span>
                        ) : (
                          <span className="badge ok">{t('customers.status.active')}</span>
                        )}
                      </div>
                    </td>
                    <RevealPii
                      customerId={c.customerId}
                      masked={{ name: c.name, email: c.email, phone: c.phone }}
                      canReveal={canReveal}
                    />
                    <td>
                      {c.risk ? (
                        <span className={`badge ${TIER_BADGE[c.risk.tier]}`}>
                          {t(`alerts.tier.${c.risk.tier}`)} · {fmtProbability(locale, c.risk.probability)}
                        </span>
                      ) : (
                        <span className="muted">{t('customers.notScored')}</span>
                      )}
                    </td>
                    <td>
                      {c.segment ?? t('common.none')}
                      <div className="muted">{c.plan ?? t('common.none')}</div>
                    </td>
                    <td className="wrap" style={{ minWidth: 100 }}>
                      {c.tags.map((tag) => (
                        <span key={tag} className="badge" style={{ marginRight: 4 }}>
                          {tag}
                        </span>
                      ))}
                    </td>
                    <td>{formatDate(locale, c.signupAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="pager">
              {params.cursor && (
                <Link className="btn" href={`?${new URLSearchParams(clean({ ...raw, cursor: undefined }))}`}>
                  {t('common.first')}
                </Link>
              )}
              {next && (
                <Link className="btn" href={next} data-testid="next-page">
                  {t('common.next')}
                </Link>
              )}
            </div>
          </>
        )}
      </PagedResult>
    </>
  );
}

function clean(params: Search): Record<string, string> {
  return Object.fromEntries(
    Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  );
}
