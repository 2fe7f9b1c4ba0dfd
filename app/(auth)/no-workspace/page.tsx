import { redirect } from 'next/navigation';
import { AuthFrame } from '@/components/auth/AuthFrame';
import { SignOutLink } from '@/components/auth/SignOutLink';
import { homePath } from '@/lib/auth/navigation';
import { getSession } from '@/lib/auth/session';
import { getTranslator } from '@/lib/i18n/server';

export default async function NoWorkspacePage() {
  const session = await getSession();
  if (!session) redirect('/login');
  if (session.ctx) redirect(homePath(session.ctx.permissions));
  const { locale, t } = await getTranslator();
  return (
    <AuthFrame locale={locale}>
      <h1>{t('noWorkspace.title')}</h1>
      <p>{t('noWorkspace.body')}</p>
      <SignOutLink />
    </AuthFrame>
  );
}
