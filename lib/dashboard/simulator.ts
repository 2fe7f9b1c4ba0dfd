import type { TEvaluation } from './schemas';

export type Targeting = {
  /** The threshold, rounded to the 0.01 steps of the histogram and the evaluation curve. */
  threshold: number;
  /** Customers scored now at or above the threshold. */
  targeted: number;
  /** From the evaluation: share of churners at or above the threshold (recall), and of flagged who churned. */
  recall: number | null;
  precision: number | null;
  /** Estimated among today's targeted: those who would churn, and those who would not (false alarms). */
  churners: number | null;
  falseAlarms: number | null;
  /** The evaluation's own counts at this threshold. */
  selected: number | null;
  caught: number | null;
};

/**
 * What targeting everyone at or above `threshold` would mean: how many customers that is today (from the
 * live histogram), and, from the champion's evaluation, what share of churners it catches and how many of
 * the targeted are likely false alarms. Without an evaluation only the count is known.
 */
export function simulateTargeting(
  threshold: number,
  histogram: readonly number[],
  evaluation: TEvaluation | null,
): Targeting {
  const step = Math.min(100, Math.max(0, Math.round(threshold * 100)));
  const targeted = histogram.slice(step).reduce((a, b) => a + b, 0);
  const none = { recall: null, precision: null, churners: null, falseAlarms: null, selected: null, caught: null };
  if (!evaluation) return { threshold: step / 100, targeted, ...none };
  const row = evaluation.threshold_curve.find(([t]) => Math.round(t * 100) === step);
  if (!row) return { threshold: step / 100, targeted, ...none };
  const [, selected, caught] = row;
  const recall = evaluation.positives > 0 ? caught / evaluation.positives : null;
  const precision = selected > 0 ? caught / selected : null;
  return {
    threshold: step / 100,
    targeted,
    recall,
    precision,
    churners: precision === null ? null : Math.round(targeted * precision),
    falseAlarms: precision === null ? null : Math.round(targeted * (1 - precision)),
    selected,
    caught,
  };
}
