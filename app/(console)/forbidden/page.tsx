import Link from 'next/link';
import { homePath } from '@/lib/auth/navigation';
import { getSession } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const { t } = await getTranslator();
  const { need } = await searchParams;
  const ctx = (await getSession())?.ctx;
  // The console layout has signed the visitor in; "back" is their own first page, not a page they may lack.
  const home = ctx ? homePath(ctx.permissions) : '/';
  return (
    <div className="card empty" data-testid="forbidden">
      <h2>{t('forbidden.title')}</h2>
      <p>{t('forbidden.body', { permission: (need ?? '').slice(0, 60) })}</p>
      {home !== '/forbidden' && (
        <Link className="btn" href={home}>
          {t('forbidden.back')}
        </Link>
      )}
    </div>
  );
}
