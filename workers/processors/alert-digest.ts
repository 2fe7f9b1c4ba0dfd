import type { Job } from 'bullmq';
import { JOBS } from '../../lib/jobs/definitions';
import { sendDigests } from '../../lib/alerts/service';

/** The morning digest of one workspace: queues one email per daily-digest user. */
export async function processAlertDigest(job: Job) {
  const { workspaceId } = JOBS['alert-digest'].payload.parse(job.data);
  return sendDigests(workspaceId);
}
