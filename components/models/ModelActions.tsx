'use client';
import { useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { promoteModelAction, rollbackModelAction } from '@/lib/ml/actions';

/** Promote (any model that is not the champion) and roll back (the champion), each after a confirmation. */
export function ModelActions({ modelId, isChampion }: { modelId: string; isChampion: boolean }) {
  const { t } = useI18n();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);

  function run(confirmText: string, action: () => ReturnType<typeof rollbackModelAction>, done: string) {
    if (!confirm(confirmText)) return;
    setResult(null);
    start(async () => {
      const res = await action();
      setResult(res.ok ? { ok: true, message: done } : { ok: false, message: res.error.message });
    });
  }

  return (
    <div style={{ textAlign: 'right' }}>
      <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
        {!isChampion && (
          <button
            className="btn primary"
            disabled={pending}
            data-testid="promote-model"
            onClick={() =>
              run(t('models.detail.confirmPromote'), () => promoteModelAction({ modelId }), t('models.detail.promoted'))
            }
          >
            {pending ? t('common.working') : t('models.detail.promote')}
          </button>
        )}
        {isChampion && (
          <button
            className="btn danger"
            disabled={pending}
            data-testid="rollback-model"
            onClick={() => run(t('models.detail.confirmRollback'), rollbackModelAction, t('models.detail.rolledBack'))}
          >
            {pending ? t('common.working') : t('models.detail.rollback')}
          </button>
        )}
      </div>
      {result && (
        <div
          className={`notice ${result.ok ? 'success' : 'error'}`}
          role={result.ok ? 'status' : 'alert'}
          data-testid="model-action-result"
        >
          {result.message}
        </div>
      )}
    </div>
  );
}
