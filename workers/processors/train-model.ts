import { UnrecoverableError, type Job } from 'bullmq';
import { isAppError } from '../../lib/errors';
import { JOBS } from '../../lib/jobs/definitions';
import { runTraining } from '../../lib/ml/training';

/** Runs one training run end to end; progress and stage are kept on the run row for the console. */
export async function processTrainModel(job: Job) {
  const { runId } = JOBS['train-model'].payload.parse(job.data);
  let last = 0;
  try {
    const { modelId } = await runTraining(runId, async (p) => {
      if (Date.now() - last < 500) return;
      last = Date.now();
      await job.updateProgress(p);
    });
    return { modelId };
  } catch (err) {
    // Too few churners or a bad date will not fix itself on a retry.
    if (isAppError(err)) throw new UnrecoverableError(err.message);
    throw err;
  }
}
