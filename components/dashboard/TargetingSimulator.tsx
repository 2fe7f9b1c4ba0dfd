'use client';
import Link from 'next/link';
import { useI18n } from '@/components/i18n/I18nProvider';
import type { TEvaluation } from '@/lib/dashboard/schemas';
import type { Targeting } from '@/lib/dashboard/simulator';
import { atRiskHref } from '@/lib/dashboard/url';
import { formatDate } from '@/lib/i18n';
import { fmtCount, fmtPct } from './format';
import styles from './dashboard.module.css';
import sim from './simulator.module.css';

export type SimulatorModel = { algorithm: string; trainedAt: string; evaluation: TEvaluation | null } | null;

/**
 * The threshold slider and what it would mean: customers targeted today, the share of churners they hold and the
 * false alarms among them. The tier thresholds are marked on the slider and one click away.
 */
export function TargetingSimulator({
  percent,
  onChange,
  result,
  scored,
  thresholds,
  model,
  canSeeModels,
}: {
  percent: number;
  onChange: (percent: number) => void;
  result: Targeting;
  scored: number;
  thresholds: { high: number; medium: number };
  model: SimulatorModel;
  canSeeModels: boolean;
}) {
  const { locale, t } = useI18n();
  const evaluation = model?.evaluation ?? null;
  const n = (v: number | null) => (v === null ? '—' : fmtCount(locale, v));
  const marks = [
    { key: 'medium', value: Math.round(thresholds.medium * 100), label: 'dashboard.threshold.medium' },
    { key: 'high', value: Math.round(thresholds.high * 100), label: 'dashboard.threshold.high' },
  ] as const;
  const modelsLink = canSeeModels ? <Link href="/models">{t('dashboard.sim.modelsLink')}</Link> : null;
  return (
    <div className="card" data-testid="simulator">
      <h2>{t('dashboard.sim.title')}</h2>
      <p className={styles.help}>{t('dashboard.sim.help')}</p>
      <label className={sim.sliderLabel} htmlFor="sim-threshold">
        {t('dashboard.sim.threshold')}
        <output htmlFor="sim-threshold" className={sim.sliderValue} data-testid="sim-threshold">
          {fmtPct(locale, percent / 100)}
        </output>
      </label>
      <div className={sim.slider}>
        <input
          id="sim-threshold"
          type="range"
          min={1}
          max={99}
          step={1}
          value={percent}
          onChange={(e) => onChange(Number(e.target.value))}
          aria-valuetext={fmtPct(locale, percent / 100)}
        />
        <div className={sim.marks} aria-label={t('dashboard.sim.marks')}>
          {marks.map((m) => (
            <button
              key={m.key}
              type="button"
              className={`${sim.mark} ${sim[`mark_${m.key}`]}`}
              style={{ left: `calc(8px + (100% - 16px) * ${(m.value - 1) / 98})` }}
              onClick={() => onChange(m.value)}
              data-testid={`sim-mark-${m.key}`}
            >
              {t(m.label, { value: fmtPct(locale, m.value / 100) })}
            </button>
          ))}
        </div>
      </div>
      <div className={sim.simStats}>
        <div data-testid="sim-targeted">
          <div className={sim.simLabel}>{t('dashboard.sim.targeted')}</div>
          <div className={sim.simValue}>{n(result.targeted)}</div>
          <div className={styles.kpiSub}>
            {t('dashboard.sim.targetedSub', { pct: fmtPct(locale, scored ? result.targeted / scored : 0, 1) })}
          </div>
        </div>
        {evaluation && (
          <>
            <div data-testid="sim-recall">
              <div className={sim.simLabel}>{t('dashboard.sim.recall')}</div>
              <div className={sim.simValue}>
                {fmtPct(locale, result.recall, result.recall !== null && result.recall < 0.1 ? 1 : 0)}
              </div>
              <div className={styles.kpiSub}>{t('dashboard.sim.recallSub')}</div>
            </div>
            <div data-testid="sim-false-alarms">
              <div className={sim.simLabel}>{t('dashboard.sim.falseAlarms')}</div>
              <div className={sim.simValue}>{n(result.falseAlarms)}</div>
              <div className={styles.kpiSub}>
                {t('dashboard.sim.falseAlarmsSub', {
                  pct: fmtPct(locale, result.precision === null ? null : 1 - result.precision),
                })}
              </div>
            </div>
          </>
        )}
      </div>
      {evaluation ? (
        <div className={sim.simNotes}>
          <p data-testid="sim-eval">
            {result.selected
              ? t('dashboard.sim.evalLine', {
                  selected: n(result.selected),
                  caught: n(result.caught),
                  positives: fmtCount(locale, evaluation.positives),
                })
              : t('dashboard.sim.noneSelected')}
          </p>
          <p data-testid="sim-source">
            {t(`dashboard.sim.source.${evaluation.source}`, { rows: fmtCount(locale, evaluation.rows) })}
            {locale === 'zh' ? '' : ' '}
            {t('dashboard.sim.retrains', { date: formatDate(locale, model!.trainedAt) })}
          </p>
        </div>
      ) : (
        <div className="notice info" data-testid="sim-unavailable">
          {t(model ? 'dashboard.sim.noEval' : 'dashboard.sim.noChampion')} {modelsLink}
        </div>
      )}
      {result.targeted > 0 && (
        <Link
          className="btn small"
          // Everyone at or above the threshold, whatever the table showed: the same customers the count is of.
          href={atRiskHref({ minP: String(percent / 100) })}
          data-testid="sim-show"
        >
          {t('dashboard.sim.showCustomers')}
        </Link>
      )}
    </div>
  );
}
