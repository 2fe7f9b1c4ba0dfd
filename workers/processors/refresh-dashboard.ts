import type { Job } from 'bullmq';
import { refreshDashboard } from '../../lib/dashboard/service';
import { isAppError } from '../../lib/errors';
import { JOBS } from '../../lib/jobs/definitions';
import { getWorkspaceById } from '../../lib/workspaces/service';

/** Recomputes the dashboard aggregates once real-time re-scores have settled. */
export async function processRefreshDashboard(job: Job) {
  const { workspaceId } = JOBS['refresh-dashboard'].payload.parse(job.data);
  // A workspace deleted while the refresh waited has nothing left to summarise.
  const exists = await getWorkspaceById(workspaceId).then(
    () => true,
    (err: unknown) => {
      if (isAppError(err) && err.code === 'not_found') return false;
      throw err;
    },
  );
  if (!exists) return { skipped: 'workspace gone' };
  const summary = await refreshDashboard(workspaceId);
  return { scored: summary.scored };
}
