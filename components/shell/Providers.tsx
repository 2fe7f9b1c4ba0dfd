'use client';
import { SessionProvider } from 'next-auth/react';
import type { ReactNode } from 'react';
import { I18nProvider } from '@/components/i18n/I18nProvider';
import type { Locale, MessageKey } from '@/lib/i18n';

export function Providers({
  locale,
  messages,
  children,
}: {
  locale: Locale;
  messages: Record<MessageKey, string>;
  children: ReactNode;
}) {
  return (
    <SessionProvider refetchOnWindowFocus={false}>
      <I18nProvider locale={locale} messages={messages}>
        {children}
      </I18nProvider>
    </SessionProvider>
  );
}
