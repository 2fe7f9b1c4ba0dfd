'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useI18n } from '@/components/i18n/I18nProvider';
import type { NavItem } from '@/lib/auth/navigation';

export function Sidebar({ items }: { items: NavItem[] }) {
  const { t } = useI18n();
  const path = usePathname();
  const main = items.filter((i) => !i.section);
  const settings = items.filter((i) => i.section === 'settings');
  const link = (i: NavItem) => (
    <Link key={i.href} href={i.href} className={path.startsWith(i.href) ? 'active' : undefined} data-nav={i.href}>
      {t(i.label)}
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
