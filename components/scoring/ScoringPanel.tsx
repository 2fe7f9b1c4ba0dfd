'use client';
import { useCallback, useEffect, useState, useTransition } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { ProgressBar } from '@/components/ui/ProgressBar';
import { formatDate, formatNumber } from '@/lib/i18n';
import { scoreNowAction } from '@/lib/scoring/actions';
import type { ScoreRunView, ScoringView } from '@/lib/scoring/views';
import { ScoreRunTable, TierCounts } from './ScoreRunTable';
import styles from './scoring.module.css';

const POLL_MS = 1000;
const isActive = (r: ScoreRunView) => r.status === 'queued' || r.status === 'running';

/**
 * The scoring panel: "Score now" for models.write holders, the live progress of a queued or running pass (polled
 * from /api/scoring/runs every second while one is active), the newest result and the recent runs.
 */
export function ScoringPanel({
  initial,
  canWrite,
  hasChampion,
}: {
  initial: ScoringView;
  canWrite: boolean;
  hasChampion: boolean;
}) {
  const { locale, t } = useI18n();
  const [runs, setRuns] = useState(initial.runs);
  const [pollError, setPollError] = useState(false);
  const [startError, setStartError] = useState<string | null>(null);
  const [pending, start] = useTransition();

  const poll = useCallback(async () => {
    try {
      const res = await fetch('/api/scoring/runs', { cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      setRuns(((await res.json()) as ScoringView).runs);
      setPollError(false);
    } catch {
      setPollError(true);
    }
  }, []);

  const active = runs.find(isActive) ?? null;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(poll, POLL_MS);
    return () => clearInterval(timer);
  }, [active, poll]);

  function scoreNow() {
    setStartError(null);
    start(async () => {
      const res = await scoreNowAction();
      if (!res.ok) return setStartError(res.error.message);
      await poll();
    });
  }

  const latest = runs[0] ?? null;
  const n = (v: number) => formatNumber(locale, v);

  return (
    <div className="card" data-testid="scoring-panel">
      <div className={styles.head}>
        <div>
          <h2 id="scoring-title">{t('scoring.title')}</h2>
          <p className={styles.help}>{t(canWrite ? 'scoring.help' : 'scoring.helpReadOnly')}</p>
        </div>
        {canWrite && (
          <button
            className="btn primary"
            type="button"
            onClick={scoreNow}
            disabled={pending || !!active || !hasChampion}
            data-testid="score-now"
          >
            {pending ? t('common.working') : active ? t('scoring.scoring') : t('scoring.scoreNow')}
          </button>
        )}
      </div>
      {!hasChampion && <div className="notice info">{t('scoring.noChampion')}</div>}
      {startError && (
        <div className="notice error" role="alert" data-testid="score-start-error">
          {startError}
        </div>
      )}
      {pollError && <div className="notice error">{t('scoring.pollError')}</div>}

      {active && (
        <div data-testid="score-progress" data-run={active.id}>
          <ProgressBar
            label={
              active.status === 'queued'
                ? t('scoring.progress.queued')
                : active.progress < 0.5
                  ? t('scoring.progress.features')
                  : t('scoring.progress.scoring')
            }
            pct={100 * active.progress}
          />
        </div>
      )}

      {!active && latest?.status === 'succeeded' && (
        <div className={styles.result} role="status" data-testid="score-result">
          <span>
            {t('scoring.result', {
              date: formatDate(locale, latest.finishedAt ?? latest.createdAt, true),
              customers: n(latest.customers),
              seconds: formatNumber(locale, latest.seconds ?? 0, 1),
            })}
          </span>
          {latest.tiers && <TierCounts tiers={latest.tiers} />}
        </div>
      )}
      {!active && latest?.status === 'failed' && (
        <div className="notice error" role="alert" data-testid="score-result">
          {t('scoring.failed', { error: latest.error ?? '—' })}
        </div>
      )}

      {runs.length > 0 && <ScoreRunTable runs={runs} />}
      {runs.length === 0 && hasChampion && (
        <p className="muted" style={{ margin: '12px 0 0' }} data-testid="score-runs-empty">
          {canWrite ? t('scoring.none') : t('scoring.noneReadOnly')}
        </p>
      )}
    </div>
  );
}
