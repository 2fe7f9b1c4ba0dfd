// The worker process: one BullMQ Worker per queue, each job handed to a thin processor. Stops gracefully on
// SIGTERM/SIGINT, letting running jobs finish so none is left half-done.
import { Worker, type Job } from 'bullmq';
import { getEnv } from '../lib/env';
import { endAbandonedRun } from '../lib/jobs/abandoned';
import { QUEUES, type JobName } from '../lib/jobs/definitions';
import { logger } from '../lib/logger';
import { createRedis } from '../lib/redis';
import { closeConnections } from '../lib/system/repo';
import { processAlertDigest } from './processors/alert-digest';
import { processComputeSnapshot } from './processors/compute-snapshot';
import { processCustomersChanged } from './processors/customers-changed';
import { processDeliverEmail } from './processors/deliver-email';
import { processDeliverWebhook } from './processors/deliver-webhook';
import { processImportFile } from './processors/import-file';
import { processNightlyScore } from './processors/nightly-score';
import { processRefreshDashboard } from './processors/refresh-dashboard';
import { processRequeueDeliveries } from './processors/requeue-deliveries';
import { processRotatePiiKeys } from './processors/rotate-pii-keys';
import { processScoreWorkspace } from './processors/score-workspace';
import { processTrainModel } from './processors/train-model';
import { listWorkspacesWithChampion } from '../lib/ml/service';
import { scheduleNightlyScoring } from '../lib/scoring/schedule';
import { scheduleAllAlertDigests, scheduleDeliverySweep } from '../lib/alerts/schedule';

const PROCESSORS: Record<JobName, (job: Job) => Promise<unknown>> = {
  'rotate-pii-keys': processRotatePiiKeys,
  'import-file': processImportFile,
  'customers-changed': processCustomersChanged,
  'compute-snapshot': processComputeSnapshot,
  'train-model': processTrainModel,
  'score-workspace': processScoreWorkspace,
  'nightly-score': processNightlyScore,
  'refresh-dashboard': processRefreshDashboard,
  'requeue-deliveries': processRequeueDeliveries,
  'deliver-webhook': processDeliverWebhook,
  'deliver-email': processDeliverEmail,
  'alert-digest': processAlertDigest,
};

// Imports are long and I/O-bound: one at a time per worker process keeps memory flat. The real-time queue
// gets more concurrency because its jobs are small; so does notify, whose jobs mostly wait on other servers.
const CONCURRENCY: Record<string, number> = { ingest: 1, realtime: 4, maintenance: 1, ml: 1, notify: 8 };

async function dispatch(job: Job) {
  const processor = PROCESSORS[job.name as JobName];
  if (!processor) throw new Error(`No processor for job "${job.name}"`);
  logger.info('job started', { queue: job.queueName, job: job.name, id: job.id, attempt: job.attemptsMade + 1 });
  const result = await processor(job);
  logger.info('job finished', { queue: job.queueName, job: job.name, id: job.id });
  return result;
}

// Re-assert every nightly scoring scheduler (upserts, so idempotent), e.g. after Redis lost its data.
void listWorkspacesWithChampion()
  .then((ids) => Promise.all(ids.map(scheduleNightlyScoring)))
  .catch((err) => logger.error('cannot schedule nightly scoring', { err }));
// Likewise the daily alert digest of every workspace with alert rules.
scheduleAllAlertDigests().catch((err) => logger.error('cannot schedule alert digests', { err }));
// And the sweep that queues again alert messages whose jobs were lost.
scheduleDeliverySweep().catch((err) => logger.error('cannot schedule the delivery sweep', { err }));

const env = getEnv();
const workers = Object.values(QUEUES).map((queue) => {
  const w = new Worker(queue, dispatch, {
    connection: createRedis({ forWorker: true }),
    concurrency: CONCURRENCY[queue] ?? 1,
    // A crashed worker's job is picked up again once its lock lapses.
    lockDuration: env.WORKER_LOCK_MS,
    stalledInterval: env.WORKER_LOCK_MS,
  });
  w.on('failed', (job, err) => {
    logger.error('job failed', { queue, job: job?.name, id: job?.id, err });
    if (job) endAbandonedRun(job, err).catch((e) => logger.error('cannot end an abandoned run', { id: job.id, e }));
  });
  w.on('error', (err) => logger.error('worker error', { queue, err }));
  return w;
});
logger.info('workers started', { queues: Object.values(QUEUES) });

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('workers stopping', { signal });
  await Promise.all(workers.map((w) => w.close()));
  await closeConnections();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
