'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useI18n } from '@/components/i18n/I18nProvider';
import type { NavItem } from '@/lib/auth/navigation';

/** The console's navigation; `counts` puts a number beside an entry (by href), e.g. unread alerts. */
export function Sidebar({ items, counts = {} }: { items: NavItem[]; counts?: Record<string, number> }) {
  const { t } = useI18n();
  const path = usePathname();
  const main = items.filter((i) => !i.section);
  const settings = items.filter((i) => i.section === 'settings');
  const link = (i: NavItem) => (
    <Link key={i.href} href={i.href} className={path.startsWith(i.href) ? 'active' : undefined} data-nav={i.href}>
      {t(i.label)}
      {!!counts[i.href] && (
        <span className="nav-count" data-testid={`nav-count-${i.href.slice(1).replace(/\//g, '-')}`}>
          {counts[i.href]! > 99 ? '99+' : counts[i.href]}
        </span>
      )}
    </Link>
  );
  return (
    <nav className="sidebar" aria-label="Main">
      <div className="brand">
        {t('app.name')}
        <small>{t('app.tagline')}</small>
      </div>
      {main.map(link)}
      {settings.length > 0 && <div className="section">{t('nav.settings')}</div>}
      {settings.map(link)}
    </nav>
  );
}
