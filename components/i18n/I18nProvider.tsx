'use client';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { formatMessage, type Locale, type MessageKey, type Translate } from '@/lib/i18n';

const I18nContext = createContext<{ locale: Locale; t: Translate } | null>(null);

export function I18nProvider({
  locale,
  messages,
  children,
}: {
  locale: Locale;
  messages: Record<MessageKey, string>;
  children: ReactNode;
}) {
  const value = useMemo(
    () => ({ locale, t: ((key, vars) => formatMessage(messages[key] ?? key, vars)) as Translate }),
    [locale, messages],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n() {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n needs an I18nProvider above it');
  return ctx;
}
