'use client';
import { signOut } from 'next-auth/react';
import { useI18n } from '@/components/i18n/I18nProvider';

export function SignOutLink() {
  const { t } = useI18n();
  return (
    <button className="btn" onClick={() => signOut({ callbackUrl: '/login' })}>
      {t('shell.signOut')}
    </button>
  );
}
