import Link from 'next/link';
import { PreferencesForm } from '@/components/alerts/PreferencesForm';
import { getPreference, listSegments } from '@/lib/alerts/service';
import { requirePage } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';

export const dynamic = 'force-dynamic';

export default async function AlertPreferencesPage() {
  const { ctx } = await requirePage('alerts.read');
  const { t } = await getTranslator();
  const [preference, segments] = await Promise.all([getPreference(ctx), listSegments(ctx)]);
  return (
    <>
      <div className="page-head">
        <Link href="/alerts" className="muted">
          {t('alerts.prefs.back')}
        </Link>
        <h1>{t('alerts.prefs.title')}</h1>
        <p>{t('alerts.prefs.subtitle')}</p>
      </div>
      <PreferencesForm preference={preference} segments={segments} />
    </>
  );
}
