'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition, type MouseEvent } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { TIMELINE_KINDS, type TimelineKind, type TimelineItem, type TimelinePage } from '@/lib/timeline/schemas';
import { customerHref } from './format';
import { KindIcon, TimelineEntry } from './TimelineEntry';
import styles from './customer360.module.css';
import tl from './timeline.module.css';

/** The link that shows these kinds (none = all), keeping the page's place at the timeline. */
function kindsHref(customerId: string, kinds: TimelineKind[]) {
  const q = kinds.length && kinds.length < TIMELINE_KINDS.length ? `?kinds=${kinds.join(',')}` : '';
  return `${customerHref(customerId)}${q}#timeline`;
}

/** Consecutive items of one month (UTC, like every date in the console) under one heading. */
function byMonth(items: TimelineItem[], label: (iso: string) => string) {
  const months: { month: string; items: TimelineItem[] }[] = [];
  for (const item of items) {
    const month = label(item.at);
    if (months[months.length - 1]?.month === month) months[months.length - 1]!.items.push(item);
    else months.push({ month, items: [item] });
  }
  return months;
}

/**
 * Everything on record for the customer, newest first, in one list: events, transactions, tickets and alerts.
 * The kind filter lives in the URL (?kinds=…) so a view can be shared; "Load more" follows the cursor.
 */
export function CustomerTimeline({
  customerId,
  kinds,
  initial,
  pageSize,
  currency,
}: {
  customerId: string;
  kinds: TimelineKind[];
  initial: TimelinePage;
  pageSize: number;
  currency: string;
}) {
  const { locale, t } = useI18n();
  const router = useRouter();
  const [navigating, startNavigation] = useTransition();
  const [wanted, setWanted] = useState<TimelineKind[]>(kinds);
  const [first, setFirst] = useState(initial);
  const [items, setItems] = useState(initial.items);
  const [cursor, setCursor] = useState(initial.nextCursor);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A refresh of the page (a task closed, a re-score) hands in a new first page: start again from it.
  if (initial !== first) {
    setFirst(initial);
    setItems(initial.items);
    setCursor(initial.nextCursor);
    setError(null);
  }

  async function loadMore() {
    if (!cursor) return;
    setLoading(true);
    setError(null);
    try {
      const q = new URLSearchParams({ cursor, limit: String(pageSize) });
      if (kinds.length) q.set('kinds', kinds.join(','));
      const res = await fetch(`/api/customers/${encodeURIComponent(customerId)}/timeline?${q}`);
      const body = await res.json();
      if (!res.ok) throw new Error(body?.error?.message ?? res.statusText);
      const page = body as TimelinePage;
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setLoading(false);
    }
  }

  const monthFormat = new Intl.DateTimeFormat(locale === 'zh' ? 'zh-CN' : 'en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
  // A filter click navigates (the URL is the state); until the server answers, the chips show the choice and
  // the list dims, since the router keeps the old page on screen meanwhile.
  function choose(e: MouseEvent<HTMLAnchorElement>, next: TimelineKind[]) {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    setWanted(next);
    startNavigation(() => router.push(kindsHref(customerId, next), { scroll: false }));
  }
  const active = new Set(navigating ? wanted : kinds);
  const toggle = (k: TimelineKind) => TIMELINE_KINDS.filter((x) => (x === k ? !active.has(x) : active.has(x)));

  return (
    <section className="card" id="timeline" aria-labelledby="timeline-title" data-testid="customer-timeline">
      <div className={styles.cardHead}>
        <div>
          <h2 id="timeline-title">{t('customer.timeline.title')}</h2>
          <p className={styles.help}>{t('customer.timeline.help')}</p>
        </div>
      </div>
      <nav className={tl.chips} aria-label={t('customer.timeline.filter')} data-testid="timeline-filter">
        <Link
          href={kindsHref(customerId, [])}
          scroll={false}
          onClick={(e) => choose(e, [])}
          className={`${tl.chip} ${active.size === 0 ? tl.chipOn : ''}`}
          aria-current={active.size === 0 ? 'true' : undefined}
          data-testid="kind-all"
        >
          {t('customer.timeline.all')}
        </Link>
        {TIMELINE_KINDS.map((k) => (
          <Link
            key={k}
            href={kindsHref(customerId, toggle(k))}
            scroll={false}
            onClick={(e) => choose(e, toggle(k))}
            className={`${tl.chip} ${active.has(k) ? tl.chipOn : ''}`}
            aria-current={active.has(k) ? 'true' : undefined}
            data-testid={`kind-${k}`}
          >
            <KindIcon kind={k} />
            {t(`customer.timeline.kind.${k}`)}
          </Link>
        ))}
        {navigating && (
          <span className={styles.minor} role="status" data-testid="timeline-pending">
            {t('customer.timeline.loading')}
          </span>
        )}
      </nav>

      {items.length === 0 ? (
        <div className="empty" style={{ padding: '24px 8px' }} data-testid="timeline-empty">
          {kinds.length ? (
            <>
              {t('customer.timeline.emptyFiltered')}{' '}
              <Link href={kindsHref(customerId, [])} scroll={false}>
                {t('customer.timeline.showAll')}
              </Link>
            </>
          ) : (
            t('customer.timeline.empty')
          )}
        </div>
      ) : (
        <div data-testid="timeline-list" aria-busy={navigating} className={navigating ? tl.dimmed : undefined}>
          {byMonth(items, (iso) => monthFormat.format(new Date(iso))).map((d) => (
            <div key={`${d.month}-${d.items[0]!.key}`}>
              <div className={tl.day}>{d.month}</div>
              <ul className={tl.entries}>
                {d.items.map((item) => (
                  <TimelineEntry key={item.key} item={item} currency={currency} />
                ))}
              </ul>
            </div>
          ))}
        </div>
      )}

      {error && (
        <div className="notice error" role="alert">
          {t('customer.timeline.loadFailed', { message: error })}
        </div>
      )}
      {items.length > 0 && (
        <div className={tl.more}>
          {cursor ? (
            <button className="btn" type="button" onClick={loadMore} disabled={loading} data-testid="load-more">
              {loading ? t('customer.timeline.loading') : t('customer.timeline.loadMore')}
            </button>
          ) : (
            <span className={styles.minor} data-testid="timeline-end">
              {t('customer.timeline.end', { count: items.length })}
            </span>
          )}
        </div>
      )}
    </section>
  );
}
