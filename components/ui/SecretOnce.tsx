'use client';
import { useState, type CSSProperties, type ReactNode } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';

/**
 * A secret the server returns only at creation (an API key, a webhook's signing secret), with a copy button.
 * "Copied" is remembered per secret, so creating another one shows the button fresh.
 */
export function SecretOnce({
  testId,
  message,
  secret,
  style,
  codeStyle,
}: {
  testId: string;
  message: ReactNode;
  secret: string;
  style?: CSSProperties;
  codeStyle?: CSSProperties;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <div className="notice info" data-testid={testId}>
      <div>{message}</div>
      <div className="secret" style={style}>
        <code style={codeStyle}>{secret}</code>
        <button
          type="button"
          className="btn small"
          onClick={async () => {
            await navigator.clipboard?.writeText(secret);
            setCopied(secret);
          }}
        >
          {copied === secret ? t('apiKeys.copied') : t('apiKeys.copy')}
        </button>
      </div>
    </div>
  );
}
