import { UnrecoverableError, type Job } from 'bullmq';
import { JOBS } from '../../lib/jobs/definitions';
import { deliverWebhook } from '../../lib/alerts/webhooks';

/** One signed webhook POST; a retryable failure throws so BullMQ retries it with backoff, a 4xx ends it. */
export async function processDeliverWebhook(job: Job) {
  const { deliveryId, alertIds } = JOBS['deliver-webhook'].payload.parse(job.data);
  const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const outcome = await deliverWebhook(deliveryId, alertIds, final);
  if (outcome.status === 'retry') throw new Error(outcome.error);
  if (outcome.status === 'failed') throw new UnrecoverableError(outcome.error);
  return outcome;
}
