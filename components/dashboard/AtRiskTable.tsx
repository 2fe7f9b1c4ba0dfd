import Link from 'next/link';
import type { AppError } from '@/lib/errors';
import type { listAtRisk } from '@/lib/dashboard/service';
import { atRiskHref, hasFilters, type AtRiskParams } from '@/lib/dashboard/url';
import type { Locale, Translate } from '@/lib/i18n';
import { fmtCount, fmtMoney, fmtPct, TIER_BADGE } from './format';
import styles from './at-risk.module.css';

type Page = Awaited<ReturnType<typeof listAtRisk>>;

/**
 * One page of the at-risk table: how many match, the customers (each links to its customer page), sortable
 * probability and value columns, and keyset paging with the way back kept in the URL.
 */
export async function AtRiskTable({
  page: pending,
  params,
  cursors,
  pageSize,
  currency,
  locale,
  t,
}: {
  page: Promise<Page | AppError>;
  params: AtRiskParams;
  cursors: string[];
  pageSize: number;
  currency: string;
  locale: Locale;
  t: Translate;
}) {
  const page = await pending;
  const clear = (
    <Link href={atRiskHref({ sort: params.sort })} data-testid="table-clear">
      {t('dashboard.table.clear')}
    </Link>
  );
  if (!('items' in page))
    return (
      <div className="notice error" role="alert" data-testid="table-error">
        {t('dashboard.filter.invalid', { message: page.message })} {clear}
      </div>
    );
  if (page.items.length === 0)
    return (
      <div className="empty" data-testid="table-empty">
        <h2>{t('dashboard.table.empty.title')}</h2>
        <p>{t('dashboard.table.empty.body')}</p>
        {(hasFilters(params) || cursors.length > 0) && clear}
      </div>
    );

  const sort = params.sort === 'value' ? 'value' : 'probability';
  const sortHeader = (key: 'probability' | 'value', label: string) => (
    <th className={`num ${styles.sortable}`} aria-sort={sort === key ? 'descending' : undefined}>
      <Link
        href={atRiskHref({ ...params, sort: key })}
        className={sort === key ? styles.sortOn : styles.sortLink}
        title={t('dashboard.table.sortBy', { column: label })}
        data-testid={`sort-${key}`}
        scroll={false}
      >
        {label} {sort === key ? '↓' : ''}
      </Link>
    </th>
  );
  const first = cursors.length * pageSize + 1;
  const count =
    page.total === null
      ? t('dashboard.table.page', { page: cursors.length + 1 })
      : page.totalCapped
        ? t('dashboard.table.countCapped', { count: fmtCount(locale, page.total) })
        : page.total === 1
          ? t('dashboard.table.countOne')
          : t('dashboard.table.count', { count: fmtCount(locale, page.total) });

  return (
    <>
      <div className={styles.tableMeta} data-testid="table-count">
        <strong>{count}</strong>
        <span className="muted">
          {t('dashboard.table.rows', {
            from: fmtCount(locale, first),
            to: fmtCount(locale, first + page.items.length - 1),
          })}
        </span>
        {/* Phones show rows as cards without the header row, so the sort moves up here. */}
        <span className={styles.phoneSort}>
          {(['probability', 'value'] as const).map((key) => (
            <Link
              key={key}
              href={atRiskHref({ ...params, sort: key })}
              className={sort === key ? styles.sortOn : styles.sortLink}
              aria-current={sort === key ? 'true' : undefined}
              scroll={false}
            >
              {t(key === 'value' ? 'dashboard.col.value' : 'dashboard.col.probability')} {sort === key ? '↓' : ''}
            </Link>
          ))}
        </span>
      </div>
      <div className="table-wrap">
        <table className={styles.table} data-testid="at-risk-table">
          <thead>
            <tr>
              <th>{t('dashboard.col.customer')}</th>
              <th>{t('dashboard.col.tier')}</th>
              {sortHeader('probability', t('dashboard.col.probability'))}
              {sortHeader('value', t('dashboard.col.value'))}
              <th>{t('dashboard.col.group')}</th>
              <th>{t('dashboard.col.reasons')}</th>
              <th>{t('dashboard.col.tags')}</th>
            </tr>
          </thead>
          <tbody>
            {page.items.map((c) => (
              <tr key={c.customerId} data-testid="at-risk-row" data-customer={c.customerId} data-tier={c.tier}>
                <td className={styles.customerCell}>
                  <Link
                    href={`/customers/${encodeURIComponent(c.customerId)}`}
                    className="mono"
                    data-testid="customer-link"
                  >
                    {c.customerId}
                  </Link>
                  {c.name && <div className={styles.minor}>{c.name}</div>}
                </td>
                <td className={styles.tierCell}>
                  <span className={`badge ${TIER_BADGE[c.tier]}`}>{t(`dashboard.tier.${c.tier}`)}</span>
                </td>
                <td className={`num ${styles.probCell}`}>
                  <strong>{fmtPct(locale, c.probability)}</strong>
                  {c.previousProbability !== null &&
                    Math.round(100 * c.previousProbability) !== Math.round(100 * c.probability) && (
                      <div className={styles.minor}>
                        {t('dashboard.table.was', { value: fmtPct(locale, c.previousProbability) })}
                      </div>
                    )}
                </td>
                <td className={`num ${styles.valueCell}`} data-label={t('dashboard.col.value')}>
                  {fmtMoney(locale, c.value, currency)}
                </td>
                <td className={styles.groupCell}>
                  {c.segment ?? '—'}
                  <div className={styles.minor}>{c.region ?? '—'}</div>
                </td>
                <td className={styles.reasonCell}>
                  {c.reasons.length ? (
                    <>
                      {c.reasons[0]!.text}
                      {c.reasons.length > 1 && (
                        <>
                          {' '}
                          <span
                            className={styles.more}
                            title={c.reasons
                              .slice(1)
                              .map((r) => r.text)
                              .join('\n')}
                          >
                            {t('dashboard.table.moreReasons', { count: c.reasons.length - 1 })}
                          </span>
                        </>
                      )}
                    </>
                  ) : (
                    <span className="muted">{t('dashboard.table.noReasons')}</span>
                  )}
                </td>
                <td className={styles.tagsCell}>
                  {c.tags.length ? (
                    <div className={styles.tags}>
                      {c.tags.slice(0, 2).map((tag) => (
                        <span key={tag} className="badge">
                          {tag}
                        </span>
                      ))}
                      {c.tags.length > 2 && (
                        <span className={styles.minor} title={c.tags.slice(2).join(', ')}>
                          +{c.tags.length - 2}
                        </span>
                      )}
                    </div>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="pager">
        {cursors.length > 1 && (
          <Link className="btn" href={atRiskHref(params)} data-testid="first-page">
            {t('common.first')}
          </Link>
        )}
        {cursors.length > 0 && (
          <Link className="btn" href={atRiskHref(params, cursors.slice(0, -1))} data-testid="previous-page">
            {t('dashboard.table.previous')}
          </Link>
        )}
        {page.nextCursor && (
          <Link className="btn" href={atRiskHref(params, [...cursors, page.nextCursor])} data-testid="next-page">
            {t('common.next')}
          </Link>
        )}
      </div>
    </>
  );
}
