import { UnrecoverableError, type Job } from 'bullmq';
import { isAppError } from '../../lib/errors';
import { JOBS } from '../../lib/jobs/definitions';
import { runScoring } from '../../lib/scoring/service';

/** Scores a workspace; inference runs here in the worker, never in the web server. */
export async function processScoreWorkspace(job: Job) {
  const { runId } = JOBS['score-workspace'].payload.parse(job.data);
  let last = 0;
  try {
    return await runScoring(runId, async (fraction) => {
      if (Date.now() - last < 500) return;
      last = Date.now();
      await job.updateProgress(fraction);
    });
  } catch (err) {
    // No champion, no customers or a stale feature set: a retry cannot fix these.
    if (isAppError(err)) throw new UnrecoverableError(err.message);
    throw err;
  }
}
