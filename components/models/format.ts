import { formatDate, formatNumber, type Locale, type MessageKey, type Translate } from '@/lib/i18n';
import type { TLabelSpec } from '@/lib/ml/schemas';

// Shared wording and number formats of the models pages (server and client components alike).

const ALGORITHMS = ['xgboost', 'rf', 'logreg', 'blend', 'auto'];

export function algorithmName(t: Translate, algorithm: string | null | undefined): string {
  if (!algorithm) return '—';
  return ALGORITHMS.includes(algorithm) ? t(`models.algo.${algorithm}` as MessageKey) : algorithm;
}

/** The churn definition as a sentence, e.g. "No purchase for 90 days after the snapshot". */
export function labelText(t: Translate, label: TLabelSpec | null | undefined): string {
  if (!label) return '—';
  const days = label.horizonDays;
  if (label.kind === 'column') return t('models.label.column');
  if (label.kind === 'cancellation') return t('models.label.cancellation', { days, event: label.cancelEventType });
  return label.activityEventTypes.length
    ? t('models.label.inactivityWith', { days, types: label.activityEventTypes.map((s) => `“${s}”`).join(', ') })
    : t('models.label.inactivity', { days });
}

/** A score between 0 and 1 (ROC-AUC, PR-AUC, log-loss, Brier) with three decimals. */
export function fmtScore(locale: Locale, v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : formatNumber(locale, v, 3);
}

/** A rate between 0 and 1 as a percentage with its unit. */
export function fmtPct(locale: Locale, v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined ? '—' : `${formatNumber(locale, 100 * v, digits)} %`;
}

export function fmtLift(locale: Locale, v: number | null | undefined): string {
  return v === null || v === undefined ? '—' : `${formatNumber(locale, v, 2)}×`;
}

/** Training dates as days, e.g. "22 Feb 2026, 23 May 2026". */
export function fmtDays(locale: Locale, dates: string[]): string {
  return dates.map((d) => formatDate(locale, d)).join(', ');
}
