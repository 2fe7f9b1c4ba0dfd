import type { Job } from 'bullmq';
import { handleCustomersChanged } from '../../lib/ingest/service';
import { JOBS } from '../../lib/jobs/definitions';
import { rescoreChanged } from '../../lib/scoring/realtime';

/** The real-time hook: customers whose records just arrived are marked and re-scored. */
export async function processCustomersChanged(job: Job) {
  const { workspaceId, customerIds } = JOBS['customers-changed'].payload.parse(job.data);
  const marked = await handleCustomersChanged(workspaceId, customerIds);
  return { ...marked, ...(await rescoreChanged(workspaceId, customerIds)) };
}
