import type { Job } from 'bullmq';
import { systemContext } from '../../lib/auth/context';
import { rotatePiiKeys } from '../../lib/customers/service';
import { JOBS } from '../../lib/jobs/definitions';
import { getWorkspaceById } from '../../lib/workspaces/service';

/** Re-encrypts a workspace's personal fields under the active key; resumable because it only touches old-key rows. */
export async function processRotatePiiKeys(job: Job) {
  const { workspaceId } = JOBS['rotate-pii-keys'].payload.parse(job.data);
  const ws = await getWorkspaceById(workspaceId);
  const ctx = systemContext(ws.id, ws.slug, 'worker:rotate-pii-keys');
  return rotatePiiKeys(ctx, (done) => job.updateProgress({ reencrypted: done }));
}
