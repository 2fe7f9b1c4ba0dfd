import { redirect } from 'next/navigation';
import { AuthFrame } from '@/components/auth/AuthFrame';
import { LoginForm } from '@/components/auth/LoginForm';
import { homePath } from '@/lib/auth/navigation';
import { getSession } from '@/lib/auth/session';
import { isLocale, translator } from '@/lib/i18n';
import { getLocale } from '@/lib/i18n/server';

export const metadata = { title: 'Sign in · Holdfast' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ lang?: string }> }) {
  const ctx = (await getSession())?.ctx;
  if (ctx) redirect(homePath(ctx.permissions));
  const { lang } = await searchParams;
  const locale = isLocale(lang) ? lang : await getLocale();
  const t = translator(locale);
  return (
    <AuthFrame locale={locale}>
      <h1>{t('login.title')}</h1>
      <p className="muted">{t('app.tagline')}</p>
      <LoginForm />
      <p className="hint">{t('login.demoHint')}</p>
    </AuthFrame>
  );
}
