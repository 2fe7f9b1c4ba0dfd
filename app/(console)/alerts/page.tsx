import Link from 'next/link';
import { AlertCard } from '@/components/alerts/AlertCard';
import { InboxTabs } from '@/components/alerts/InboxTabs';
import { MarkAllReadButton } from '@/components/alerts/MarkAllReadButton';
import styles from '@/components/alerts/alerts.module.css';
import { requestTime } from '@/components/alerts/format';
import { getPreference, listAssignees, listInbox } from '@/lib/alerts/service';
import { INBOX_VIEWS, type InboxView } from '@/lib/alerts/schemas';
import { can } from '@/lib/auth/context';
import { requirePage } from '@/lib/auth/session';
import { isAppError } from '@/lib/errors';
import { getTranslator } from '@/lib/i18n/server';

export const dynamic = 'force-dynamic';

const PAGE_SIZE = 20;

type Search = { view?: string; cursor?: string };

/** A user-fixable failure (a stale cursor, alerts not set up) shows as a notice; anything else is a real error. */
const soft = <T,>(p: Promise<T>) => p.catch((err: unknown) => (isAppError(err) ? err : Promise.reject(err)));

export default async function AlertsPage({ searchParams }: { searchParams: Promise<Search> }) {
  const { ctx } = await requirePage('alerts.read');
  const { locale, t } = await getTranslator();
  const raw = await searchParams;
  const view: InboxView = (INBOX_VIEWS as readonly string[]).includes(raw.view ?? '')
    ? (raw.view as InboxView)
    : 'inbox';
  const canAct = can(ctx, 'tasks.write');
  const [page, assignees, preference] = await Promise.all([
    soft(listInbox(ctx, { view, cursor: raw.cursor || undefined, limit: PAGE_SIZE, locale })),
    canAct ? soft(listAssignees(ctx)) : Promise.resolve([]),
    soft(getPreference(ctx)),
  ]);
  const now = requestTime();
  const meId = ctx.actor.type === 'user' ? ctx.actor.id : null;
  const viewQuery: Record<string, string> = view === 'inbox' ? {} : { view };
  const href = (q: Record<string, string>) => {
    const s = new URLSearchParams({ ...viewQuery, ...q }).toString();
    return s ? `/alerts?${s}` : '/alerts';
  };
  const unread = isAppError(page) ? 0 : page.unread;
  const prefOff = !isAppError(preference) && preference.cadence === 'off';
  // With alerts switched off, an empty inbox says why rather than "no alerts yet".
  const emptyKey = prefOff && (view === 'inbox' || view === 'unread') ? 'off' : view;

  return (
    <>
      <div className={styles.headRow}>
        <div>
          <h1>{t('alerts.title')}</h1>
          <p>{t(canAct ? 'alerts.subtitle' : 'alerts.subtitleReadOnly')}</p>
        </div>
        <div className={styles.headActions}>
          <MarkAllReadButton unread={unread} />
          <Link className="btn" href="/alerts/preferences" data-testid="preferences-link">
            {t('alerts.preferences')}
          </Link>
        </div>
      </div>
      <InboxTabs view={view} unread={unread} locale={locale} t={t} />
      {prefOff && emptyKey !== 'off' && (
        <div className="notice info" data-testid="preference-off">
          {t('alerts.preferenceOff')} <Link href="/alerts/preferences">{t('alerts.preferences')}</Link>
        </div>
      )}
      {isAppError(page) ? (
        <div className="notice error" role="alert">
          {page.message} {raw.cursor && <Link href={href({})}>{t('common.first')}</Link>}
        </div>
      ) : page.items.length === 0 ? (
        <div className="card empty" data-testid="alerts-empty">
          <h2>{t(`alerts.empty.${emptyKey}.title`)}</h2>
          <p style={{ margin: '0 auto', maxWidth: 620 }}>{t(`alerts.empty.${emptyKey}.body`)}</p>
          {emptyKey === 'off' && (
            <p style={{ marginBottom: 0 }}>
              <Link href="/alerts/preferences">{t('alerts.preferences')}</Link> ·{' '}
              <Link href="/alerts?view=all">{t('alerts.view.all')}</Link>
            </p>
          )}
          {view === 'inbox' && can(ctx, 'channels.write') && (
            <p style={{ marginBottom: 0 }}>
              <Link href="/settings/alerts">{t('alerts.empty.rulesLink')}</Link>
            </p>
          )}
        </div>
      ) : (
        <>
          <div className={styles.list} data-testid="alert-list">
            {page.items.map((item) => (
              <AlertCard
                key={item.id}
                item={item}
                now={now}
                canAct={canAct}
                assignees={isAppError(assignees) ? [] : assignees}
                meId={meId}
              />
            ))}
          </div>
          <div className="pager">
            {raw.cursor && (
              <Link className="btn" href={href({})}>
                {t('common.first')}
              </Link>
            )}
            {page.nextCursor && (
              <Link className="btn" href={href({ cursor: page.nextCursor })} data-testid="next-page">
                {t('common.next')}
              </Link>
            )}
          </div>
        </>
      )}
    </>
  );
}
