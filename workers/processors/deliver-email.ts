import { UnrecoverableError, type Job } from 'bullmq';
import { JOBS } from '../../lib/jobs/definitions';
import { deliverEmail } from '../../lib/alerts/email';

/** One alert email (instant or digest); SMTP trouble throws so BullMQ retries it, a refused recipient ends it. */
export async function processDeliverEmail(job: Job) {
  const { deliveryId } = JOBS['deliver-email'].payload.parse(job.data);
  const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const outcome = await deliverEmail(deliveryId, final);
  if (outcome.status === 'retry') throw new Error(outcome.error);
  if (outcome.status === 'failed') throw new UnrecoverableError(outcome.error);
  return outcome;
}
