import type { Job } from 'bullmq';
import { logger } from '../logger';
import type { JobName } from './definitions';
import { failUnfinishedRun, type RunTable } from './repo';

// A job BullMQ fails without our processor seeing the error — its worker died mid-run (killed, out of memory) more
// often than the stall limit allows — would leave its run "running" for ever, with the console showing a progress
// bar that never moves. The worker's 'failed' handler ends such runs here. Runs the processor already ended
// (succeeded or failed with its own message) are left as they are.

const RUN_TABLES: Partial<Record<JobName, { table: RunTable; key: 'runId' | 'snapshotId' }>> = {
  'train-model': { table: 'training_runs', key: 'runId' },
  'score-workspace': { table: 'score_runs', key: 'runId' },
  'compute-snapshot': { table: 'feature_snapshots', key: 'snapshotId' },
};

/** Whether BullMQ will try this job again after this failure. */
function willRetry(job: Job, err: Error): boolean {
  if (err.name === 'UnrecoverableError' || job.deferredFailure) return false;
  return job.attemptsMade < (job.opts.attempts ?? 1);
}

/** Ends the run behind a job that failed for good, if its processor did not get to. Answers whether it did. */
export async function endAbandonedRun(job: Job, err: Error): Promise<boolean> {
  const target = RUN_TABLES[job.name as JobName];
  const id = (job.data as Record<string, unknown> | undefined)?.[target?.key ?? ''];
  if (!target || typeof id !== 'string' || willRetry(job, err)) return false;
  const reason = job.deferredFailure
    ? 'The worker stopped repeatedly while running this (it was killed or ran out of memory); start it again.'
    : err.message;
  const ended = await failUnfinishedRun(target.table, id, reason);
  if (ended) logger.warn('run ended after its job was abandoned', { job: job.name, id, reason });
  return ended;
}
