import { UnrecoverableError, type Job } from 'bullmq';
import { isAppError } from '../../lib/errors';
import { computeSnapshot } from '../../lib/features/service';
import { JOBS } from '../../lib/jobs/definitions';

/** Computes a feature snapshot; progress is kept on the snapshot row for the console. */
export async function processComputeSnapshot(job: Job) {
  const { snapshotId } = JOBS['compute-snapshot'].payload.parse(job.data);
  try {
    return await computeSnapshot(snapshotId, (p) => job.updateProgress(p));
  } catch (err) {
    if (isAppError(err)) throw new UnrecoverableError(err.message);
    throw err;
  }
}
