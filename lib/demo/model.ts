import type { Ctx } from '../auth/context';
import { getModel } from '../ml/service';
import { createTrainingRun, runTraining, type RunProgress } from '../ml/training';
import { hasHistoryBefore } from '../dashboard/service';
import { createScoreRun, findTierThresholds, runScoring, scoreAsOf, setTierThresholds } from '../scoring/service';

/** The demo's churn definition: a cancellation (churned_at or a `cancel` event) within 90 days. */
const DEMO_TRAINING = { label: { kind: 'cancellation', horizonDays: 90 }, algorithm: 'auto', promote: true } as const;

/**
 * Gives the demo workspace a champion churn model, training one when there is none or the data was just
 * regenerated, so the console has scores and a models page from the first sign-in.
 */
export async function ensureDemoModel(ctx: Ctx, opts: { retrain: boolean }, onProgress?: (p: RunProgress) => void) {
  if (!opts.retrain) {
    const champion = await getModel(ctx, 'champion').catch(() => null);
    if (champion) return { trained: false, id: champion.id, algorithm: champion.algorithm, rocAuc: null };
  }
  const runId = await createTrainingRun(ctx, DEMO_TRAINING, { queue: false });
  const { modelId, result } = await runTraining(runId, onProgress);
  const chosen = result.candidates.find((c) => c.algorithm === result.chosen)!;
  return {
    trained: true,
    id: modelId,
    algorithm: chosen.algorithm,
    rocAuc: (chosen.metrics.out_of_time ?? chosen.metrics.cv)?.roc_auc ?? null,
  };
}

// The demo business loses about 7 % of its customers a quarter, so the product's default thresholds (tuned for
// a calibrated model with a higher base rate) would leave its high tier nearly empty; like an admin would, the
// demo sets its own. An admin's later change is kept.
const DEMO_THRESHOLDS = { high: 0.5, medium: 0.3 };

const BACKFILL_WEEKS = 4;
const WEEK = 7 * 86_400_000;

/**
 * Scores every demo customer with the champion, so the console opens on tiers and reasons. A fresh demo is
 * first scored as it stood each week of the past month, so its trend and score histories have points.
 */
export async function scoreDemo(ctx: Ctx) {
  if (!(await findTierThresholds(ctx.workspaceId))) await setTierThresholds(ctx, DEMO_THRESHOLDS);
  const now = Date.now();
  if (!(await hasHistoryBefore(ctx.workspaceId, new Date(now - WEEK / 2))))
    for (let k = BACKFILL_WEEKS; k >= 1; k--) await scoreAsOf(ctx.workspaceId, new Date(now - k * WEEK));
  const runId = await createScoreRun(ctx, 'manual', { queue: false });
  return runScoring(runId);
}
