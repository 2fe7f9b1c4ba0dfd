import { UnrecoverableError, type Job } from 'bullmq';
import { isAppError } from '../../lib/errors';
import { runImport } from '../../lib/imports/service';
import { JOBS } from '../../lib/jobs/definitions';

/** Runs a file import; after a crash or retry it resumes from the batches already committed. */
export async function processImportFile(job: Job) {
  const { importId } = JOBS['import-file'].payload.parse(job.data);
  let last = 0;
  try {
    return await runImport(importId, async (p) => {
      // Progress goes to Redis at most twice a second; the import row itself is the durable record.
      if (Date.now() - last < 500) return;
      last = Date.now();
      await job.updateProgress(p);
    });
  } catch (err) {
    // A broken header or a bad column map will not fix itself: fail at once instead of retrying.
    if (isAppError(err)) throw new UnrecoverableError(err.message);
    throw err;
  }
}
