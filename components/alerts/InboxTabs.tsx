import Link from 'next/link';
import type { InboxView } from '@/lib/alerts/schemas';
import { INBOX_VIEWS } from '@/lib/alerts/schemas';
import { formatNumber, type Locale, type Translate } from '@/lib/i18n';
import styles from './alerts.module.css';

/** The inbox's views as tabs; the chosen one lives in the URL (?view=…) so it survives a reload or a shared link. */
export function InboxTabs({
  view,
  unread,
  locale,
  t,
}: {
  view: InboxView;
  unread: number;
  locale: Locale;
  t: Translate;
}) {
  return (
    <nav className={styles.tabs} aria-label={t('alerts.views')} data-testid="alert-tabs">
      {INBOX_VIEWS.map((v) => (
        <Link
          key={v}
          href={v === 'inbox' ? '/alerts' : `/alerts?view=${v}`}
          className={`${styles.tab} ${v === view ? styles.tabActive : ''}`}
          aria-current={v === view ? 'page' : undefined}
          data-view={v}
        >
          {t(`alerts.view.${v}`)}
          {(v === 'inbox' || v === 'unread') && unread > 0 && (
            <span className="badge brand">{formatNumber(locale, unread)}</span>
          )}
        </Link>
      ))}
    </nav>
  );
}
