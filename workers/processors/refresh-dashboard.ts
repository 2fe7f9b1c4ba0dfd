import type { Job } from 'bullmq';
import { refreshDashboard } from '../../lib/dashboard/service';
import { JOBS } from '../../lib/jobs/definitions';

/** Recomputes the dashboard aggregates once real-time re-scores have settled. */
export async function processRefreshDashboard(job: Job) {
  const { workspaceId } = JOBS['refresh-dashboard'].payload.parse(job.data);
  const summary = await refreshDashboard(workspaceId);
  return { scored: summary.scored };
}
