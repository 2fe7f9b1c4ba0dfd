'use server';
import { runAction } from '../auth/action';
import { refreshPage } from '../http/next-context';
import { setTierThresholds } from './service';
import { requestScoreRun } from './views';

// The scoring panel's server actions (models page). Progress of a started run is polled from /api/scoring/runs.

/** Queues a manual scoring pass of every customer with the champion (or answers the one already under way). */
export async function scoreNowAction() {
  return runAction('models.write', (ctx) => requestScoreRun(ctx));
}

/** Saves the workspace's tier thresholds (ZTierThresholds: fractions); they apply from the next scoring run. */
export async function saveTierThresholdsAction(input: unknown) {
  const res = await runAction('models.write', (ctx) => setTierThresholds(ctx, input));
  if (res.ok) refreshPage('/models');
  return res;
}
