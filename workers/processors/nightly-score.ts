import type { Job } from 'bullmq';
import { systemContext } from '../../lib/auth/context';
import { JOBS } from '../../lib/jobs/definitions';
import { logger } from '../../lib/logger';
import { findChampionId } from '../../lib/ml/service';
import { createScoreRun, runScoring } from '../../lib/scoring/service';
import { getWorkspaceById } from '../../lib/workspaces/service';

/** The nightly full run of one workspace; a workspace whose champion was removed is skipped, not failed. */
export async function processNightlyScore(job: Job) {
  const { workspaceId } = JOBS['nightly-score'].payload.parse(job.data);
  const ws = await getWorkspaceById(workspaceId);
  if (!(await findChampionId(ws.id))) {
    logger.info('nightly scoring skipped: no champion', { workspaceId });
    return { skipped: true };
  }
  const runId = await createScoreRun(systemContext(ws.id, ws.slug, 'nightly'), 'nightly', { queue: false });
  return runScoring(runId, (fraction) => job.updateProgress(fraction));
}
