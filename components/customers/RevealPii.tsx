'use client';
import { useI18n } from '@/components/i18n/I18nProvider';
import { useReveal, type Pii } from './use-reveal';

/** Masked personal fields as table cells with a Reveal button; each reveal is audited (see useReveal). */
export function RevealPii({ customerId, masked, canReveal }: { customerId: string; masked: Pii; canReveal: boolean }) {
  const { t } = useI18n();
  const { shown, revealed, error, pending, toggle } = useReveal(customerId, masked);
  return (
    <>
      <td>{shown.name ?? t('common.none')}</td>
      <td className="mono">{shown.email ?? t('common.none')}</td>
      <td className="mono">{shown.phone ?? t('common.none')}</td>
      <td>
        {canReveal && (
          <button
            className="btn small"
            onClick={toggle}
            disabled={pending}
            title={error ?? undefined}
            data-testid={`reveal-${customerId}`}
          >
            {revealed ? t('customers.hide') : t('customers.reveal')}
          </button>
        )}
      </td>
    </>
  );
}
