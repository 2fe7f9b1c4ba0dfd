import { requeueStrandedDeliveries } from '../../lib/alerts/queue';

/** Queues again the alert messages whose jobs were lost; see lib/alerts/queue.ts. */
export async function processRequeueDeliveries() {
  return requeueStrandedDeliveries();
}
