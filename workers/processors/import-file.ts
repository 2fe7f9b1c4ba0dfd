import type { Job } from 'bullmq';
import { runImport } from '../../lib/imports/service';
import { JOBS } from '../../lib/jobs/definitions';

/** Runs a file import; after a crash or retry it resumes from the import's committed checkpoint. */
export async function processImportFile(job: Job) {
  const { importId } = JOBS['import-file'].payload.parse(job.data);
  let last = 0;
  return runImport(importId, async (p) => {
    // Progress goes to Redis at most twice a second; the import row itself is the durable record.
    if (Date.now() - last < 500) return;
    last = Date.now();
    await job.updateProgress(p);
  });
}
