'use client';
import { Fragment } from 'react';
import { useI18n } from '@/components/i18n/I18nProvider';
import { formatDate, formatNumber, type MessageKey } from '@/lib/i18n';
import type { Tier } from '@/lib/scoring/schemas';
import type { ScoreRunView } from '@/lib/scoring/views';
import styles from './scoring.module.css';

const STATUS_BADGE = { queued: '', running: 'warn', succeeded: 'ok', failed: 'danger' } as const;
export const TIER_BADGE: Record<Tier, string> = { high: 'danger', medium: 'warn', low: 'ok' };
const TRIGGERS = ['manual', 'nightly', 'cli', 'realtime'];

/** "High 12 · Medium 80 · Low 308" as coloured badges. */
export function TierCounts({ tiers }: { tiers: Record<Tier, number> }) {
  const { locale, t } = useI18n();
  return (
    <span className={styles.tiers} data-testid="tier-counts">
      {(['high', 'medium', 'low'] as const).map((tier) => (
        <span key={tier} className={`badge ${TIER_BADGE[tier]}`} data-tier={tier}>
          {t(`scoring.tier.${tier}`)} {formatNumber(locale, tiers[tier])}
        </span>
      ))}
    </span>
  );
}

/** The recent scoring runs: when, how started, outcome, tier counts and duration; a failure's reason below it. */
export function ScoreRunTable({ runs }: { runs: ScoreRunView[] }) {
  const { locale, t } = useI18n();
  const n = (v: number | undefined) => (v === undefined ? '—' : formatNumber(locale, v));
  const trigger = (s: string) => (TRIGGERS.includes(s) ? t(`scoring.trigger.${s}` as MessageKey) : s);
  return (
    <div className={`table-wrap ${styles.runs}`}>
      <table data-testid="score-runs">
        <thead>
          <tr>
            <th>{t('scoring.col.when')}</th>
            <th>{t('scoring.col.status')}</th>
            <th className="num">{t('scoring.col.customers')}</th>
            <th className="num">{t('scoring.tier.high')}</th>
            <th className="num">{t('scoring.tier.medium')}</th>
            <th className="num">{t('scoring.tier.low')}</th>
            <th className="num">{t('scoring.col.seconds')}</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => {
            const done = r.status === 'succeeded';
            return (
              <Fragment key={r.id}>
                <tr data-testid={`score-run-${r.status}`} data-run={r.id}>
                  <td>
                    {formatDate(locale, r.createdAt, true)}
                    <div className={styles.trigger}>{trigger(r.trigger)}</div>
                  </td>
                  <td>
                    <span className={`badge ${STATUS_BADGE[r.status]}`}>
                      {r.status === 'running'
                        ? t('scoring.status.runningPct', { pct: formatNumber(locale, 100 * r.progress) })
                        : t(`scoring.status.${r.status}`)}
                    </span>
                  </td>
                  <td className="num">{done ? n(r.customers) : '—'}</td>
                  <td className="num">{done ? n(r.tiers?.high) : '—'}</td>
                  <td className="num">{done ? n(r.tiers?.medium) : '—'}</td>
                  <td className="num">{done ? n(r.tiers?.low) : '—'}</td>
                  <td className="num">
                    {r.seconds === null ? '—' : t('scoring.seconds', { seconds: formatNumber(locale, r.seconds, 1) })}
                  </td>
                </tr>
                {r.status === 'failed' && r.error && (
                  <tr className={styles.errorRow}>
                    <td colSpan={7}>{r.error}</td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
