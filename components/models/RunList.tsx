'use client';
import Link from 'next/link';
import { useI18n } from '@/components/i18n/I18nProvider';
import { ProgressBar } from '@/components/ui/ProgressBar';
import { formatDate } from '@/lib/i18n';
import type { RunView } from '@/lib/ml/views';
import { algorithmName, fmtDays, labelText } from './format';
import styles from './models.module.css';

const STATUS_BADGE = { queued: '', running: 'warn', succeeded: 'ok', failed: 'danger' } as const;

// Failures the user can act on arrive as the service's sentence; anything else (a crashed trainer, a lost
// connection) is a stack or exit code that means nothing to them, so it goes behind "technical details".
const INTERNAL = /^trainer exited with code|^cannot start|Traceback|\n\s+at |ECONN|prisma/i;

/** The newest training runs: live progress and stage while running, the model or the reason when done. */
export function RunList({ runs, pollError }: { runs: RunView[]; pollError: boolean }) {
  const { locale, t } = useI18n();
  return (
    <div className="card" style={{ marginBottom: 16 }} data-testid="training-runs">
      <h2>{t('models.runs.title')}</h2>
      {pollError && <div className="notice error">{t('models.runs.pollError')}</div>}
      {runs.length === 0 && <div className="muted">{t('models.runs.none')}</div>}
      {runs.map((r) => (
        <div key={r.id} className={styles.run} data-testid={`run-${r.status}`} data-run={r.id}>
          <div className={styles.runHead}>
            <span className={`badge ${STATUS_BADGE[r.status]}`}>{t(`models.runs.status.${r.status}`)}</span>
            <strong>{labelText(t, r.label)}</strong>
          </div>
          <div className="muted" style={{ fontSize: 13, marginTop: 2 }}>
            {[
              algorithmName(t, r.algorithm),
              r.asOf.length
                ? t('models.runs.dates', { dates: fmtDays(locale, r.asOf) })
                : t('models.runs.datesDefault'),
              r.evalAsOf ? t('models.runs.evalDate', { date: formatDate(locale, r.evalAsOf) }) : null,
              r.promote ? t('models.runs.thenPromote') : null,
              t('models.runs.by', { name: r.requestedBy ?? '—', date: formatDate(locale, r.createdAt, true) }),
            ]
              .filter(Boolean)
              .join(' · ')}
          </div>
          {r.status === 'queued' && <ProgressBar label={t('models.runs.waiting')} pct={0} />}
          {r.status === 'running' && (
            <ProgressBar label={t('models.runs.stage', { stage: r.stage ?? '…' })} pct={100 * r.progress} />
          )}
          {r.status === 'succeeded' && (
            <div style={{ marginTop: 4 }}>
              {t('models.runs.finished', { date: formatDate(locale, r.finishedAt, true) })}
              {r.modelId && (
                <>
                  {' · '}
                  <Link href={`/models/${r.modelId}`} data-testid="run-model-link">
                    {t('models.runs.openModel')}
                  </Link>
                </>
              )}
            </div>
          )}
          {r.status === 'failed' && <RunError error={r.error} />}
        </div>
      ))}
    </div>
  );
}

function RunError({ error }: { error: string | null }) {
  const { t } = useI18n();
  if (error && !INTERNAL.test(error))
    return (
      <div className="notice error" role="alert">
        {t('models.runs.failed', { error })}
      </div>
    );
  return (
    <div className="notice error" role="alert">
      {t('models.runs.internal')}
      {error && (
        <details style={{ marginTop: 6 }}>
          <summary>{t('models.runs.details')}</summary>
          <pre style={{ whiteSpace: 'pre-wrap', fontSize: 12, maxHeight: 200, overflow: 'auto' }}>{error}</pre>
        </details>
      )}
    </div>
  );
}
