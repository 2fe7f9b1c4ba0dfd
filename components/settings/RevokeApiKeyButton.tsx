'use client';
import { useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { revokeApiKeyAction } from '@/lib/api-keys/actions';

export function RevokeApiKeyButton({ id, name }: { id: string; name: string }) {
  const { t } = useI18n();
  const [pending, start] = useTransition();
  return (
    <button
      className="btn small danger"
      disabled={pending}
      onClick={() => {
        if (confirm(t('apiKeys.confirmRevoke', { name }))) start(async () => void (await revokeApiKeyAction({ id })));
      }}
    >
      {t('apiKeys.revoke')}
    </button>
  );
}
