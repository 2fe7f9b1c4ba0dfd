import { JOBS } from '../jobs/definitions';
import { getQueue } from '../jobs/enqueue';
import { logger } from '../logger';
import { findStrandedDeliveries } from './channels/repo';

// Logged messages go out in notify jobs, queued in bulk under a job id derived from the delivery: queueing one
// again while its job still exists (waiting, retrying, done) adds nothing, so re-queueing is always safe.

export type QueuedDelivery = { deliveryId: string; channel: 'email' | 'webhook'; alertIds: string[] };

export async function enqueueDeliveries(items: QueuedDelivery[]) {
  if (!items.length) return;
  await getQueue(JOBS['deliver-email'].queue).addBulk(
    items.map(({ deliveryId, channel, alertIds }) => {
      const name = channel === 'email' ? ('deliver-email' as const) : ('deliver-webhook' as const);
      const def = JOBS[name];
      const data = channel === 'email' ? { deliveryId } : { deliveryId, alertIds };
      return { name, data, opts: { ...def.options, jobId: def.jobId(data) } };
    }),
  );
}

/** How long a logged message may wait untried before its job counts as lost. */
export const STRANDED_AFTER_MS = 5 * 60_000;
const REQUEUE_BATCH = 5000;

/**
 * Queues again the messages whose job was lost (Redis unreachable right after the alerts were committed, or
 * restarted without its data), oldest first, up to 5,000 per sweep. Run every few minutes by the maintenance queue.
 */
export async function requeueStrandedDeliveries(olderThanMs = STRANDED_AFTER_MS): Promise<{ requeued: number }> {
  const rows = await findStrandedDeliveries(olderThanMs, REQUEUE_BATCH);
  await enqueueDeliveries(rows.map((r) => ({ deliveryId: r.id, channel: r.channel, alertIds: r.alert_ids })));
  if (rows.length) logger.warn('re-queued alert messages still untried', { messages: rows.length });
  return { requeued: rows.length };
}
