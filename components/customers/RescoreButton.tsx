'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { rescoreCustomerAction } from '@/lib/scoring/actions';
import { fmtProbability } from './format';
import styles from './customer360.module.css';

/**
 * "Re-score now": the worker scores this one customer with exact reasons while the button waits (up to 15 s);
 * the action refreshes the page, so the risk card and the history show the new score.
 */
export function RescoreButton({ customerId }: { customerId: string }) {
  const { locale, t } = useI18n();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  function rescore() {
    setResult(null);
    start(async () => {
      const res = await rescoreCustomerAction({ customerId, locale });
      setResult(
        res.ok && res.data
          ? {
              ok: true,
              text: t('customer.rescored', {
                probability: fmtProbability(locale, res.data.probability),
                tier: t(`alerts.tier.${res.data.tier}`),
              }),
            }
          : { ok: false, text: res.ok ? t('customer.rescoreFailed') : res.error.message },
      );
    });
  }

  // Rendered into the card head (a wrapping flex row): the result takes a full line under the title and button.
  return (
    <>
      <button className="btn small" type="button" onClick={rescore} disabled={pending} data-testid="rescore">
        {pending ? t('customer.rescoring') : t('customer.rescore')}
      </button>
      {result && (
        <div
          className={`notice ${result.ok ? 'success' : 'error'} ${styles.rescoreResult}`}
          role={result.ok ? 'status' : 'alert'}
          data-testid="rescore-result"
        >
          {result.text}
        </div>
      )}
    </>
  );
}
