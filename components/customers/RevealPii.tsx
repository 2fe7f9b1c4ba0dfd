'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { revealCustomerAction } from '@/lib/customers/actions';

type Pii = { name: string | null; email: string | null; phone: string | null };

/** Masked personal fields with a Reveal button; each reveal is a server action that writes an audit entry. */
export function RevealPii({ customerId, masked, canReveal }: { customerId: string; masked: Pii; canReveal: boolean }) {
  const { t } = useI18n();
  const [clear, setClear] = useState<Pii | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const shown = clear ?? masked;
  const toggle = () =>
    start(async () => {
      if (clear) return setClear(null);
      const res = await revealCustomerAction({ customerId });
      if (res.ok) setClear(res.data);
      else setError(res.error.message);
    });
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
            {clear ? t('customers.hide') : t('customers.reveal')}
          </button>
        )}
      </td>
    </>
  );
}
