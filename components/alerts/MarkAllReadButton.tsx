'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { markReadAction } from '@/lib/alerts/actions';

/** Marks every alert in the signed-in user's inbox read; the page and the sidebar badge refresh after. */
export function MarkAllReadButton({ unread }: { unread: number }) {
  const { t } = useI18n();
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <button
        className="btn"
        type="button"
        disabled={pending || unread === 0}
        data-testid="mark-all-read"
        onClick={() =>
          start(async () => {
            const res = await markReadAction({ all: true });
            setError(res.ok ? null : res.error.message);
          })
        }
      >
        {pending ? t('common.working') : t('alerts.markAllRead')}
      </button>
      {error && (
        <span className="notice error" role="alert" style={{ margin: 0 }}>
          {error}
        </span>
      )}
    </>
  );
}
