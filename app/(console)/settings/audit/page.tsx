import Link from 'next/link';
import { FilterForm } from '@/components/ui/FilterForm';
import { PagedResult } from '@/components/ui/PagedResult';
import { listAuditActions, listAuditLogs } from '@/lib/audit/service';
import { requirePage } from '@/lib/auth/session';
import { isAppError } from '@/lib/errors';
import { formatDate } from '@/lib/i18n';
import { getTranslator } from '@/lib/i18n/server';

type Search = { action?: string; actor?: string; entityType?: string; from?: string; to?: string; cursor?: string };

function brief(value: unknown): string {
  if (value === null || value === undefined) return '∅';
  const s = JSON.stringify(value);
  return s.length > 160 ? `${s.slice(0, 157)}…` : s;
}

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { ctx } = await requirePage('audit.read');
  const { locale, t } = await getTranslator();
  const params = await searchParams;
  const filters = Object.fromEntries(Object.entries(params).filter(([, v]) => v)) as Search;
  const [page, actions] = await Promise.all([
    listAuditLogs(ctx, filters).catch((err) => (isAppError(err) ? err : Promise.reject(err))),
    listAuditActions(ctx),
  ]);
  const nextHref =
    !isAppError(page) && page.nextCursor
      ? `?${new URLSearchParams({ ...(filters as Record<string, string>), cursor: page.nextCursor })}`
      : null;

  return (
    <>
      <div className="page-head">
        <h1>{t('audit.title')}</h1>
        <p>{t('audit.subtitle')}</p>
      </div>
      <FilterForm resetHref="/settings/audit" filterLabel={t('common.filter')} resetLabel={t('common.reset')}>
        <label>
          {t('audit.action')}
          <select name="action" defaultValue={params.action ?? ''}>
            <option value="">{t('common.all')}</option>
            {actions.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.actor')}
          <input name="actor" defaultValue={params.actor} placeholder="admin@…" />
        </label>
        <label>
          {t('audit.entity')}
          <select name="entityType" defaultValue={params.entityType ?? ''}>
            <option value="">{t('common.all')}</option>
            {['membership', 'api_key', 'customer', 'workspace'].map((e) => (
              <option key={e}>{e}</option>
            ))}
          </select>
        </label>
        <label>
          {t('audit.from')}
          <input type="date" name="from" defaultValue={params.from} />
        </label>
        <label>
          {t('audit.to')}
          <input type="date" name="to" defaultValue={params.to} />
        </label>
      </FilterForm>
      <PagedResult page={page} empty={t('audit.empty')}>
        {(list) => (
          <>
            <table data-testid="audit-table">
              <thead>
                <tr>
                  <th>{t('audit.col.time')}</th>
                  <th>{t('audit.col.actor')}</th>
                  <th>{t('audit.col.action')}</th>
                  <th>{t('audit.col.entity')}</th>
                  <th>{t('audit.col.change')}</th>
                </tr>
              </thead>
              <tbody>
                {list.items.map((e) => (
                  <tr key={e.id}>
                    <td style={{ whiteSpace: 'nowrap' }}>{formatDate(locale, e.createdAt, true)}</td>
                    <td>
                      {e.actorLabel}
                      <div className="muted">{e.actorType}</div>
                    </td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>
                      {e.entityType}
                      <div className="muted mono">{e.entityId}</div>
                    </td>
                    <td className="mono" style={{ fontSize: 12 }}>
                      {brief(e.before)} → {brief(e.after)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {nextHref && (
              <div className="pager">
                <Link className="btn" href={nextHref}>
                  {t('common.next')}
                </Link>
              </div>
            )}
          </>
        )}
      </PagedResult>
    </>
  );
}
