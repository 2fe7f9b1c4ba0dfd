'use server';
import { runAction } from '../auth/action';
import { refreshPage } from '../http/next-context';
import { createScoreRun, setTierThresholds } from './service';

// The scoring panel's server actions (models page). Progress of a started run is polled from /api/scoring/runs.

/** Queues a manual scoring pass of every customer with the champion; answers the run id. */
export async function scoreNowAction() {
  return runAction('models.write', async (ctx) => ({ runId: await createScoreRun(ctx, 'manual', { queue: true }) }));
}

/** Saves the workspace's tier thresholds (ZTierThresholds: fractions); they apply from the next scoring run. */
export async function saveTierThresholdsAction(input: unknown) {
  const res = await runAction('models.write', (ctx) => setTierThresholds(ctx, input));
  if (res.ok) refreshPage('/models');
  return res;
}
