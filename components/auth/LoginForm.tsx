'use client';
import { signIn } from 'next-auth/react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';

export function LoginForm() {
  const { t } = useI18n();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    const res = await signIn('credentials', {
      email: form.get('email'),
      password: form.get('password'),
      redirect: false,
    });
    if (res?.ok && !res.error) {
      // '/' sends each member to their own first page: not every role may open the dashboard. One navigation
      // only: a refresh beside it raced the redirect and could land back on the sign-in page.
      router.replace('/');
    } else {
      setError(res?.error === 'TooManyAttempts' ? t('login.tooMany') : t('login.failed'));
      setBusy(false);
    }
  }

  return (
    <form onSubmit={onSubmit}>
      <label>
        {t('login.email')}
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label>
        {t('login.password')}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <div className="notice error" role="alert">
          {error}
        </div>
      )}
      <button className="btn primary" type="submit" disabled={busy}>
        {busy ? t('login.submitting') : t('login.submit')}
      </button>
    </form>
  );
}
