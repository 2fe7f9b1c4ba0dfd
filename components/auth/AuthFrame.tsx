import type { ReactNode } from 'react';
import { Providers } from '@/components/shell/Providers';
import { messagesFor, type Locale } from '@/lib/i18n';

/** The centred card that the sign-in and no-workspace pages share. */
export function AuthFrame({ locale, children }: { locale: Locale; children: ReactNode }) {
  return (
    <Providers locale={locale} messages={messagesFor(locale)}>
      <div className="auth-page">
        <div className="auth-card">
          <div className="auth-lang">
            <a href="?lang=en">English</a>
            <a href="?lang=zh">简体中文</a>
          </div>
          {children}
        </div>
      </div>
    </Providers>
  );
}
