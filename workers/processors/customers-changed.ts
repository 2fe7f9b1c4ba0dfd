import type { Job } from 'bullmq';
import { handleCustomersChanged } from '../../lib/ingest/service';
import { JOBS } from '../../lib/jobs/definitions';

/** The real-time hook: customers whose records just arrived. */
export async function processCustomersChanged(job: Job) {
  const { workspaceId, customerIds } = JOBS['customers-changed'].payload.parse(job.data);
  return handleCustomersChanged(workspaceId, customerIds);
}
