import Link from 'next/link';
import { getTranslator } from '@/lib/i18n/server';

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const { t } = await getTranslator();
  const { need } = await searchParams;
  return (
    <div className="card empty" data-testid="forbidden">
      <h2>{t('forbidden.title')}</h2>
      <p>{t('forbidden.body', { permission: (need ?? '').slice(0, 60) })}</p>
      <Link className="btn" href="/dashboard">
        {t('forbidden.back')}
      </Link>
    </div>
  );
}
